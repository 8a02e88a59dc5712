package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --previous}: after documents are edited, added, removed and given new metadata, an
 * incremental run reuses the rest and its tables equal a fresh full run's, row for row; the
 * manifest, the changes table and the drift table say what changed.
 */
class IncrementalTest {

  @TempDir static Path tmp;
  static Path in;
  static Path out;
  static Path fresh;
  static int documents;

  static final String EDITED = "cdk-ts/Pr0001/lib/MODEL_FAILURES.md";
  static final String REMOVED = "tf-hcl/Pr0005/lib/MODEL_FAILURES.md";
  static final String NEW_METADATA = "tf-hcl/Pr0003/metadata.json";
  static final String ADDED = "cdk-ts/Pr9001/lib/MODEL_FAILURES.md";

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path src : walk.toList()) {
        Path d = to.resolve(from.relativize(src).toString());
        if (Files.isDirectory(src)) {
          Files.createDirectories(d);
        } else {
          Files.copy(src, d);
        }
      }
    }
  }

  @BeforeAll
  static void runs() throws Exception {
    in = tmp.resolve("in");
    copyTree(TestPaths.sampleData(), in);
    out = tmp.resolve("out");
    assertThat(run("--output=" + out)).isZero();

    // An edit inside an entry, a new document (a near-duplicate of the edited one), one removed,
    // and a metadata.json change that leaves its document's bytes alone.
    String text = Files.readString(in.resolve(EDITED));
    String edited =
        text.replace(
            "SQS Visibility Timeout Shorter Than Lambda Timeout",
            "SQS Visibility Timeout Below Lambda Timeout");
    assertThat(edited).isNotEqualTo(text);
    Files.writeString(in.resolve(EDITED), edited);
    Files.createDirectories(in.resolve(ADDED).getParent());
    Files.writeString(in.resolve(ADDED), text + "\n\nOne more closing remark.\n");
    Files.delete(in.resolve(REMOVED));
    Files.writeString(
        in.resolve(NEW_METADATA),
        Files.readString(in.resolve(NEW_METADATA)).replaceFirst("\\{", "{\"subtask\": \"Other\","));
    documents = (int) TestPaths.countDocuments(in);

    assertThat(run("--output=" + out, "--previous=" + out)).isZero();
    fresh = tmp.resolve("fresh");
    assertThat(run("--output=" + fresh)).isZero();
  }

  static int run(String... extra) {
    return run(in, extra);
  }

  /** Runs the pipeline on {@code input} without a report; returns the exit status. */
  static int run(Path input, String... extra) {
    List<String> args = new ArrayList<>(List.of("--input=" + input, "--report=false"));
    args.addAll(List.of(extra));
    return FailuresPipeline.mainStatus(args.toArray(String[]::new));
  }

  /** A table's JSON Lines, sorted: row order within a file is not part of the contract. */
  static List<String> sorted(Path dir, String table) throws IOException {
    List<String> lines = new ArrayList<>();
    for (JsonNode row : TestPaths.rows(dir, table)) {
      lines.add(row.toString());
    }
    lines.sort(null);
    return lines;
  }

  @Test
  void everyTableEqualsAFreshFullRun() throws Exception {
    for (String table : FailuresPipeline.tableSchemas().keySet()) {
      if (table.equals("changes") || table.equals("drift")) {
        continue;
      }
      assertThat(sorted(out, table)).as(table).isEqualTo(sorted(fresh, table));
    }
  }

  @Test
  void manifestCountsReusedParsedAndChanges() throws Exception {
    JsonNode inc =
        new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("incremental");
    assertThat(inc.get("reuse").asText()).isEqualTo("yes");
    assertThat(inc.get("added").asLong()).isEqualTo(1);
    assertThat(inc.get("removed").asLong()).isEqualTo(1);
    assertThat(inc.get("modified").asLong()).isEqualTo(2);
    assertThat(inc.get("unchanged").asLong()).isEqualTo(documents - 3);
    assertThat(inc.get("reused").asLong() + inc.get("parsed").asLong()).isEqualTo(documents);
    // Parsed: the edited, added and new-metadata documents, plus the quarantined ones, which are
    // always parsed again (3 in sample-data); the rest is reused.
    long quarantined =
        TestPaths.rows(out, "documents").stream()
            .filter(d -> d.get("status").asText().equals("quarantined"))
            .count();
    assertThat(inc.get("parsed").asLong()).isEqualTo(3 + quarantined);
    // Signatures: every content the previous run fingerprinted is reused; the edited and the added
    // documents' contents are new (the new-metadata document's content is not).
    assertThat(inc.get("fingerprints_reused").asLong())
        .isEqualTo(TestPaths.rows(out, "fingerprints").size() - 2);
  }

  @Test
  void changesTableNamesEveryPathAndItsFailures() throws Exception {
    Map<String, JsonNode> byPath = new TreeMap<>();
    for (JsonNode c : TestPaths.rows(out, "changes")) {
      byPath.put(in.relativize(Path.of(c.get("source_path").asText())).toString(), c);
    }
    assertThat(byPath).hasSize(documents + 1);
    assertThat(byPath.get(ADDED).get("change").asText()).isEqualTo("added");
    assertThat(byPath.get(ADDED).get("failures_added")).hasSize(5);
    assertThat(byPath.get(REMOVED).get("change").asText()).isEqualTo("removed");
    assertThat(byPath.get(REMOVED).get("failures_removed")).hasSize(3);
    assertThat(byPath.get(REMOVED).get("doc_id").isNull()).isTrue();
    JsonNode edited = byPath.get(EDITED);
    assertThat(edited.get("change").asText()).isEqualTo("modified");
    assertThat(edited.get("doc_id").asText()).isNotEqualTo(edited.get("previous_doc_id").asText());
    // One entry's text changed: one changed failure, the other four the same.
    assertThat(edited.get("failures_changed")).hasSize(1);
    assertThat(edited.get("failures_unchanged").asInt()).isEqualTo(4);
    JsonNode meta = byPath.get(NEW_METADATA.replace("metadata.json", "lib/MODEL_FAILURES.md"));
    assertThat(meta.get("change").asText()).isEqualTo("modified");
    assertThat(meta.get("doc_id").asText()).isEqualTo(meta.get("previous_doc_id").asText());
    assertThat(byPath.values())
        .filteredOn(c -> c.get("change").asText().equals("unchanged"))
        .hasSize(documents - 3);
  }

  @Test
  void nearDuplicateOfTheEditedDocumentIsGroupedWithIt() throws Exception {
    Map<String, JsonNode> docs = new TreeMap<>();
    for (JsonNode d : TestPaths.rows(out, "documents")) {
      docs.put(in.relativize(Path.of(d.get("source_path").asText())).toString(), d);
    }
    String group = docs.get(ADDED).get("near_duplicate_group").asText();
    assertThat(group).startsWith("nd-");
    assertThat(docs.get(EDITED).get("near_duplicate_group").asText()).isEqualTo(group);
    // The added copy is the larger, so it represents the group.
    assertThat(docs.get(ADDED).get("near_duplicate_representative").asBoolean()).isTrue();
    assertThat(docs.get(EDITED).get("near_duplicate_representative").asBoolean()).isFalse();
  }

  @Test
  void driftTableComparesStatsAndThePreviousOutputIsKept() throws Exception {
    List<JsonNode> drift = TestPaths.rows(out, "drift");
    assertThat(drift)
        .anyMatch(
            d ->
                d.get("metric").asText().equals("total")
                    && d.get("key").asText().equals("documents")
                    && d.get("previous").asDouble() == documents
                    && d.get("current").asDouble() == documents);
    assertThat(drift).extracting(d -> d.get("metric").asText()).contains("severity_share");
    assertThat(TestPaths.rows(fresh, "drift")).isEmpty();
    assertThat(TestPaths.rows(fresh, "changes"))
        .hasSize(documents)
        .allMatch(c -> c.get("change").asText().equals("added"));
    assertThat(Publisher.keptRuns(out)).hasSize(1);
  }
}
