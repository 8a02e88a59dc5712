package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over {@code sample-data/}: the whole pipeline on the Direct runner, compared with a
 * golden summary of the documents and failures tables. Regenerate the golden file after a
 * deliberate parser change with {@code mvn test -Dgolden.update=true} and review the diff.
 */
class SampleDataGoldenTest {

  private static final Path GOLDEN =
      TestPaths.repoRoot().resolve("pipeline/src/test/resources/golden/sample-data.txt");

  @TempDir static Path tmp;
  static Path out;

  @BeforeAll
  static void run() {
    out = tmp.resolve("out");
    TestPaths.runPipeline(TestPaths.sampleData().toString(), out);
  }

  @Test
  void everyInputHasExactlyOneDocumentsRow() throws IOException {
    List<JsonNode> docs = TestPaths.rows(out, "documents");
    assertThat(docs).hasSize((int) TestPaths.countDocuments(TestPaths.sampleData()));
    Set<String> paths = new HashSet<>();
    docs.forEach(d -> paths.add(d.get("source_path").asText()));
    assertThat(paths).hasSameSizeAs(docs);
  }

  @Test
  void badInputsAreQuarantinedWithReasons() throws IOException {
    List<JsonNode> q = TestPaths.rows(out, "quarantine");
    assertThat(q)
        .extracting(r -> relative(r.get("source_path").asText()) + " " + r.get("stage").asText())
        .containsExactlyInAnyOrder(
            "bad/binary/lib/MODEL_FAILURES.md decode",
            "bad/latin1/lib/MODEL_FAILURES.md decode",
            "bad/empty/lib/MODEL_FAILURES.md decode");
    assertThat(q)
        .allMatch(r -> !r.get("message").asText().isBlank() && r.hasNonNull("error_class"));
    List<JsonNode> docs = TestPaths.rows(out, "documents");
    assertThat(docs.stream().filter(d -> d.get("status").asText().equals("quarantined")).count())
        .isEqualTo(3);
  }

  @Test
  void failureIdsAreUniqueAndStable() throws IOException {
    List<JsonNode> failures = TestPaths.rows(out, "failures");
    Set<String> ids = new HashSet<>();
    for (JsonNode f : failures) {
      assertThat(ids.add(f.get("failure_id").asText())).isTrue();
      assertThat(f.get("failure_id").asText())
          .isEqualTo(Records.failureId(f.get("doc_id").asText(), f.get("ordinal").asInt()));
    }
  }

  @Test
  void malformedMetadataIsAFindingNotAFailure() throws IOException {
    List<JsonNode> findings = TestPaths.rows(out, "findings");
    assertThat(findings)
        .anyMatch(
            f ->
                f.get("rule").asText().equals("metadata-invalid")
                    && f.get("source_path").asText().contains("malformed-metadata"));
  }

  @Test
  void matchesGoldenSummary() throws IOException {
    String actual = summary();
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  private static String summary() throws IOException {
    List<String> lines = new ArrayList<>();
    for (JsonNode d : TestPaths.rows(out, "documents")) {
      lines.add(
          String.format(
              "doc %s status=%s layout=%s failures=%s declared_total=%s declared_counts=%s score=%s"
                  + " platform=%s quality=%s training_value=%s",
              relative(d.get("source_path").asText()),
              d.get("status").asText(),
              d.get("layout").asText(),
              d.get("failure_count").asText(),
              d.get("declared_total").asText(),
              d.get("declared_counts").toString(),
              d.get("declared_training_score").asText(),
              d.get("platform").asText(),
              d.get("metadata_training_quality").asText(),
              d.get("training_value").asText()));
    }
    for (JsonNode f : TestPaths.rows(out, "failures")) {
      lines.add(
          String.format(
              "failure %s #%02d L%d severity=%s fix=%s services=%s | %s",
              relative(f.get("source_path").asText()),
              f.get("ordinal").asInt(),
              f.get("line_start").asInt(),
              f.get("severity").asText(),
              f.get("has_fix").asText(),
              f.get("services").toString(),
              f.get("title").asText()));
    }
    for (JsonNode f : TestPaths.rows(out, "findings")) {
      lines.add(
          String.format(
              "finding %s %s line=%s",
              relative(f.get("source_path").asText()),
              f.get("rule").asText(),
              f.get("line").asText()));
    }
    for (JsonNode p : TestPaths.rows(out, "failure_patterns")) {
      lines.add(
          String.format(
              "pattern %s failures=%d documents=%d severity=%s services=%s | %s",
              p.get("pattern").asText(),
              p.get("failures").asLong(),
              p.get("documents").asLong(),
              p.get("typical_severity").asText(),
              p.get("services").toString(),
              p.get("example_title").asText()));
    }
    for (JsonNode t : TestPaths.rows(out, "stats_training_value")) {
      lines.add(
          String.format(
              "quality %s documents=%d failures=%d median=%s p90=%s mean_training_value=%.2f"
                  + " declared=%d agreeing=%d",
              t.get("training_quality").asText(),
              t.get("documents").asLong(),
              t.get("failures").asLong(),
              t.get("median_failures").asText(),
              t.get("p90_failures").asText(),
              t.get("mean_training_value").asDouble(),
              t.get("declared_score_documents").asLong(),
              t.get("declared_score_agreeing").asLong()));
    }
    for (JsonNode c : TestPaths.rows(out, "stats_correlation")) {
      lines.add(
          String.format(
              "spearman %s documents=%d rho=%s",
              c.get("platform").asText(), c.get("documents").asLong(), c.get("spearman").asText()));
    }
    lines.sort(null);
    return String.join("\n", lines) + "\n";
  }

  private static String relative(String path) {
    int i = path.indexOf("sample-data/");
    return i < 0 ? path : path.substring(i + "sample-data/".length());
  }
}
