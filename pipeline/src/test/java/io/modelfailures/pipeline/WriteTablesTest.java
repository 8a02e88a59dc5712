package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.report.TableReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WriteTables: every row lands once, empty tables get a file, temporary files are removed. */
class WriteTablesTest {

  private static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Row\",\"fields\":["
                  + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"int\"}]}");

  private static GenericRecord row(int i) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("id", "row-" + i);
    r.put("n", i);
    return r;
  }

  @Test
  void writesEveryRowOnceAndAnEmptyFileForAnEmptyTable(@TempDir Path out) throws Exception {
    // A file left by a failed attempt must not survive the run.
    Path temp = out.resolve(WriteTables.TEMP_DIR);
    Files.createDirectories(temp);
    Files.writeString(temp.resolve("stale"), "half-written");

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    List<GenericRecord> rows = new ArrayList<>();
    IntStream.range(0, 250).forEach(i -> rows.add(row(i)));
    PCollectionTuple tables =
        PCollectionTuple.of(
                new TupleTag<GenericRecord>("full"),
                p.apply("CreateFull", Create.of(rows).withCoder(AvroCoder.of(SCHEMA))))
            .and(
                new TupleTag<GenericRecord>("empty"),
                p.apply("CreateEmpty", Create.empty(AvroCoder.of(SCHEMA))));
    tables.apply(new WriteTables(out.toString(), Map.of("full", SCHEMA, "empty", SCHEMA), true));
    p.run().waitUntilFinish();

    TableReader reader = new TableReader(out.toString());
    assertThat(reader.read("full"))
        .extracting(r -> r.get("id").toString())
        .hasSize(250)
        .doesNotHaveDuplicates()
        .contains("row-0", "row-249");
    assertThat(reader.read("empty")).isEmpty();
    assertThat(files(out.resolve("parquet/empty"))).containsExactly("part-00000-of-00001.parquet");
    assertThat(files(out.resolve("jsonl/empty"))).containsExactly("part-00000-of-00001.jsonl");
    assertThat(Files.size(out.resolve("jsonl/empty/part-00000-of-00001.jsonl"))).isZero();

    List<String> jsonFiles = files(out.resolve("jsonl/full"));
    List<String> lines = new ArrayList<>();
    for (String f : jsonFiles) {
      lines.addAll(
          Files.readAllLines(out.resolve("jsonl/full").resolve(f), StandardCharsets.UTF_8));
    }
    assertThat(lines).hasSize(250).contains("{\"id\":\"row-7\",\"n\":7}");
    String last = jsonFiles.get(jsonFiles.size() - 1);
    assertThat(last).endsWith(String.format("-of-%05d.jsonl", jsonFiles.size()));
    assertThat(temp).doesNotExist();
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
