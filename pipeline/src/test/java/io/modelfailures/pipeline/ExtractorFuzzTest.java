package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.modelfailures.catalog.ServiceCatalog;
import io.modelfailures.extract.ExtractedFailure;
import io.modelfailures.extract.Extraction;
import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.extract.Nesting;
import io.modelfailures.extract.TextDecoder;
import io.modelfailures.metadata.MetadataReader;
import io.modelfailures.records.Document;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Failure;
import io.modelfailures.records.Finding;
import io.modelfailures.records.SourceDocument;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of what a document goes through in {@link ParseFailures}: decoding, the
 * nesting limit, CommonMark parsing, extraction and the record layer.
 *
 * <p>By default ({@code mvn verify}) this is a regression test: it runs the empty input and every
 * file in {@code src/test/resources/io/modelfailures/pipeline/ExtractorFuzzTestInputs/} (the
 * hand-written seeds and any reproducer of a past finding). With {@code JAZZER_FUZZ=1} Jazzer
 * fuzzes it for {@code maxDuration}; {@code scripts/test.sh} does so for two minutes, and {@code
 * scripts/fuzz.sh} for as long as asked. An escaping exception or a failed check is a finding, and
 * Jazzer writes its input into the inputs folder, where it stays as a regression test.
 *
 * <p>Checks: nothing but {@link TextDecoder.DecodeException} escapes; every failure's lines lie
 * within 1..lineCount and start before they end; ordinals run 1..n; the document's counts agree
 * with its failures and findings; failure ids are unique.
 */
class ExtractorFuzzTest {

  private static final ServiceCatalog CATALOG = ServiceCatalog.loadDefault();
  private static final FailureExtractor EXTRACTOR = new FailureExtractor(CATALOG);
  private static final MetadataReader METADATA = new MetadataReader(CATALOG);
  private static final int MAX_FAILURES = 50;
  private static final String PATH = "fuzz/Pr1/lib/MODEL_FAILURES.md";

  @FuzzTest(maxDuration = "2m")
  void extractionHoldsItsInvariants(byte[] bytes) {
    String text;
    try {
      text = TextDecoder.decode(bytes);
    } catch (TextDecoder.DecodeException e) {
      return; // quarantined at decode: a documented outcome
    }
    if (text.isBlank() || Nesting.deepest(text) > ParseFailures.DEFAULT_MAX_NESTING_DEPTH) {
      return; // quarantined before extraction
    }
    Extraction x = EXTRACTOR.extract(text);
    int lineCount = x.lineCount();
    assertThat(lineCount).isPositive();
    List<ExtractedFailure> failures = x.failures();
    for (int i = 0; i < failures.size(); i++) {
      ExtractedFailure f = failures.get(i);
      assertThat(f.ordinal()).as("ordinal").isEqualTo(i + 1);
      assertThat(f.lineStart()).as("line_start of %s", f.ordinal()).isBetween(1, lineCount);
      assertThat(f.lineEnd()).as("line_end of %s", f.ordinal()).isBetween(f.lineStart(), lineCount);
      assertThat(f.title()).as("title").isNotNull();
    }
    long withSeverity = failures.stream().filter(f -> f.severity() != null).count();
    assertThat(withSeverity).isLessThanOrEqualTo(failures.size());
    assertThat(x.declaredCounts().values()).allSatisfy(n -> assertThat(n).isNotNegative());
    assertThat(x.layout()).isNotNull();

    SourceDocument src =
        SourceDocument.newBuilder()
            .setSourcePath(PATH)
            .setDocId("fuzz")
            .setSizeBytes(bytes.length)
            .setContent(ByteBuffer.wrap(bytes))
            .build();
    DocumentResult r = Records.parsed(src, METADATA.read(null, PATH), x, MAX_FAILURES);
    Document doc = r.getDocument();
    List<Failure> kept = r.getFailures();
    assertThat(kept).hasSize(Math.min(failures.size(), MAX_FAILURES));
    assertThat(doc.getFailureCount()).isEqualTo(kept.size());
    Set<String> ids = new HashSet<>();
    int previous = 0;
    for (Failure f : kept) {
      assertThat(ids.add(f.getFailureId())).as("unique failure_id").isTrue();
      assertThat(f.getOrdinal()).isGreaterThan(previous);
      previous = f.getOrdinal();
      assertThat(f.getLineStart()).isBetween(1, lineCount);
      assertThat(f.getLineEnd()).isBetween(f.getLineStart(), lineCount);
    }
    long errors = r.getFindings().stream().filter(f -> f.getLevel().equals("error")).count();
    long warnings = r.getFindings().stream().filter(f -> f.getLevel().equals("warning")).count();
    assertThat(doc.getErrorFindings()).isEqualTo((int) errors);
    assertThat(doc.getWarningFindings()).isEqualTo((int) warnings);
    assertThat(doc.getStatus()).isEqualTo(errors > 0 ? "partial" : "parsed");
    for (Finding f : r.getFindings()) {
      if (f.getLine() != null) {
        assertThat(f.getLine()).as("line of finding %s", f.getRule()).isBetween(1, lineCount);
      }
    }
    if (failures.size() > MAX_FAILURES) {
      assertThat(r.getFindings()).anyMatch(f -> f.getRule().equals("failures-truncated"));
    }
  }
}
