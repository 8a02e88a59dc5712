package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfailures.report.TableReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --previous} pointing at an output that an older release wrote: its documents table lacks
 * the columns that schema changes added since (near-duplicate group and flag, metadata hash) and it
 * has no fingerprints table. The run must not fail: its tables equal a fresh full run's, and every
 * path is compared with the previous one.
 */
class OlderPreviousTest {

  @TempDir static Path tmp;
  static Path in;
  static Path older;
  static Path out;
  static Path fresh;

  static final List<String> ADDED_SINCE =
      List.of("metadata_sha256", "near_duplicate_group", "near_duplicate_representative");

  @BeforeAll
  static void runs() throws Exception {
    in = tmp.resolve("in");
    IncrementalTest.copyTree(TestPaths.sampleData(), in);
    older = tmp.resolve("older");
    assertThat(IncrementalTest.run(in, "--output=" + older)).isZero();
    rewriteWithout(older, "documents", ADDED_SINCE);
    deleteTree(older.resolve("parquet/fingerprints"));
    deleteTree(older.resolve("jsonl/fingerprints"));

    out = tmp.resolve("out");
    assertThat(IncrementalTest.run(in, "--output=" + out, "--previous=" + older)).isZero();
    fresh = tmp.resolve("fresh");
    assertThat(IncrementalTest.run(in, "--output=" + fresh)).isZero();
  }

  /** Replaces a table's Parquet files by one file whose schema lacks {@code dropped}. */
  static void rewriteWithout(Path output, String table, List<String> dropped) throws IOException {
    List<GenericRecord> rows = new TableReader(output.toString()).read(table);
    Schema current = FailuresPipeline.tableSchemas().get(table);
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      if (!dropped.contains(f.name())) {
        kept.add(new Schema.Field(f, f.schema()));
      }
    }
    assertThat(kept).hasSize(current.getFields().size() - dropped.size());
    Schema older =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, kept);
    Path dir = output.resolve("parquet").resolve(table);
    deleteTree(dir);
    Files.createDirectories(dir);
    ParquetIO.Sink sink = ParquetIO.sink(older);
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("part-00000-of-00001.parquet"),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
      sink.open(ch);
      for (GenericRecord r : rows) {
        GenericData.Record o = new GenericData.Record(older);
        for (Schema.Field f : kept) {
          o.put(f.name(), r.get(f.name()));
        }
        sink.write(o);
      }
      sink.flush();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void tablesEqualAFreshFullRun() throws Exception {
    for (String table : FailuresPipeline.tableSchemas().keySet()) {
      if (table.equals("changes") || table.equals("drift")) {
        continue;
      }
      assertThat(IncrementalTest.sorted(out, table))
          .as(table)
          .isEqualTo(IncrementalTest.sorted(fresh, table));
    }
  }

  @Test
  void everyPathIsComparedAndNoSignatureReused() throws Exception {
    long documents = TestPaths.countDocuments(in);
    JsonNode inc =
        new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("incremental");
    assertThat(inc.get("added").asLong()).isZero();
    assertThat(inc.get("removed").asLong()).isZero();
    // The previous rows lack the metadata hash that reuse compares: every document is parsed.
    assertThat(inc.get("reused").asLong()).isZero();
    assertThat(inc.get("parsed").asLong()).isEqualTo(documents);
    assertThat(inc.get("fingerprints_reused").asLong()).isZero();
    // Without the previous metadata hash, no path can be shown unchanged: all are modified.
    assertThat(TestPaths.rows(out, "changes"))
        .hasSize((int) documents)
        .allMatch(c -> c.get("change").asText().equals("modified"));
  }
}
