package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.catalog.ServiceCatalog;
import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.metadata.MetadataReader;
import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Finding;
import io.modelfailures.records.SourceDocument;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/** Rules that need the record layer or the whole corpus: truncation and duplicate documents. */
class RulesInPipelineTest {

  private static final ServiceCatalog CATALOG = ServiceCatalog.loadDefault();

  private static DocumentResult parse(String path, String docId, String text, int maxFailures) {
    SourceDocument src =
        SourceDocument.newBuilder()
            .setSourcePath(path)
            .setDocId(docId)
            .setSizeBytes(text.length())
            .setContent(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)))
            .build();
    return Records.parsed(
        src,
        new MetadataReader(CATALOG).read(null, path),
        new FailureExtractor(CATALOG).extract(text),
        maxFailures);
  }

  private static final String THREE =
      "## Bug 1: a\nfixed by x\n## Bug 2: b\nfixed by y\n## Bug 3: c\nfixed by z\n";

  @Test
  void failuresBeyondTheLimitAreTruncatedWithAFinding() {
    DocumentResult r = parse("t/a/lib/MODEL_FAILURES.md", "d1", THREE, 2);
    assertThat(r.getFailures()).hasSize(2);
    assertThat(r.getFindings()).extracting(Finding::getRule).contains("failures-truncated");
    DocumentResult within = parse("t/a/lib/MODEL_FAILURES.md", "d1", THREE, 3);
    assertThat(within.getFindings())
        .extracting(Finding::getRule)
        .doesNotContain("failures-truncated");
  }

  @Test
  void duplicateContentIsFlaggedAndItsFailuresListedOnce() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    FailuresPipeline.registerCoders(p);
    PCollection<DocumentResult> out =
        p.apply(
                Create.of(
                    parse("t/b/lib/MODEL_FAILURES.md", "same", THREE, 10),
                    parse("t/a/lib/MODEL_FAILURES.md", "same", THREE, 10),
                    parse("t/c/lib/MODEL_FAILURES.md", "other", THREE, 10)))
            .apply(new ValidateDocuments());
    PAssert.that(out)
        .satisfies(
            results -> {
              for (DocumentResult r : results) {
                String path = r.getDocument().getSourcePath();
                List<String> rules = r.getFindings().stream().map(Finding::getRule).toList();
                switch (path) {
                  case "t/a/lib/MODEL_FAILURES.md" -> {
                    assertThat(rules).contains("duplicate-document");
                    assertThat(r.getPrimary()).isTrue();
                    assertThat(r.getFailures()).hasSize(3);
                  }
                  case "t/b/lib/MODEL_FAILURES.md" -> {
                    assertThat(rules).contains("duplicate-document");
                    assertThat(r.getPrimary()).isFalse();
                    assertThat(r.getFailures()).isEmpty();
                  }
                  default -> {
                    assertThat(rules).doesNotContain("duplicate-document");
                    assertThat(r.getFailures()).hasSize(3);
                  }
                }
              }
              return null;
            });
    p.run().waitUntilFinish();
  }
}
