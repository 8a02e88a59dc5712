package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same inputs on embedded Flink (parallelism 2) and on the Direct runner must give identical
 * tables: the same rows with the same ids, whatever the runner's bundling and ordering. Runs the
 * whole {@link FailuresPipeline#run} (staging, manifest, publish), so the manifest's counts are
 * compared too; only its timings and runner name may differ.
 */
class FlinkRunnerIT {

  /** Documents taken from the shared corpus: every k-th path in sort order. */
  private static final int CORPUS_SLICE = 60;

  @TempDir Path tmp;

  @Test
  void sampleDataGivesTheSameTablesOnFlinkAndDirect() throws IOException {
    assertSameOnBothRunners(TestPaths.sampleData().toString());
  }

  @Test
  void corpusSliceGivesTheSameTablesOnFlinkAndDirect() throws IOException {
    Path corpus = TestPaths.shared().resolve("corpus");
    Assumptions.assumeTrue(Files.isDirectory(corpus), "../shared/corpus is absent");
    List<String> all;
    try (Stream<Path> walk = Files.walk(corpus)) {
      all =
          walk.filter(Files::isRegularFile)
              .filter(
                  p -> ListDocuments.DOCUMENT_NAME.matcher(p.getFileName().toString()).matches())
              .map(Path::toString)
              .sorted()
              .toList();
    }
    int step = Math.max(1, all.size() / CORPUS_SLICE);
    List<String> slice = new ArrayList<>();
    for (int i = 0; i < all.size() && slice.size() < CORPUS_SLICE; i += step) {
      slice.add(all.get(i));
    }
    assertSameOnBothRunners(String.join(",", slice));
  }

  private void assertSameOnBothRunners(String input) throws IOException {
    Path direct = tmp.resolve("direct");
    Path flink = tmp.resolve("flink");
    runDirect(input, direct);
    runFlink(input, flink);
    for (String table : FailuresPipeline.tableSchemas().keySet()) {
      List<String> d = sortedLines(direct, table);
      assertThat(sortedLines(flink, table)).as("table %s", table).isEqualTo(d);
    }
    assertThat(TestPaths.rows(direct, "documents")).isNotEmpty();
    assertThat(comparableManifest(flink)).isEqualTo(comparableManifest(direct));
  }

  private static void runDirect(String input, Path out) throws IOException {
    FailuresPipelineOptions o = options(input, out);
    o.setRunner(DirectRunner.class);
    assertThat(FailuresPipeline.run(o)).isEqualTo(FailuresPipeline.EXIT_OK);
  }

  private static void runFlink(String input, Path out) throws IOException {
    FlinkPipelineOptions f = options(input, out).as(FlinkPipelineOptions.class);
    f.setRunner(FlinkRunner.class);
    f.setFlinkMaster("[local]");
    f.setParallelism(2);
    assertThat(FailuresPipeline.run(f.as(FailuresPipelineOptions.class)))
        .isEqualTo(FailuresPipeline.EXIT_OK);
  }

  private static FailuresPipelineOptions options(String input, Path out) {
    PipelineOptionsFactory.register(FailuresPipelineOptions.class);
    return PipelineOptionsFactory.fromArgs(
            "--input=" + input,
            "--output=" + out,
            "--enforceImmutability=false",
            "--enforceEncodability=false")
        .as(FailuresPipelineOptions.class);
  }

  /** Every line of a table's JSON Lines files, sorted: row order is the runner's business. */
  private static List<String> sortedLines(Path out, String table) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out.resolve("jsonl").resolve(table))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines.stream().filter(l -> !l.isBlank()).sorted().collect(Collectors.toList());
  }

  /** The manifest without what legitimately differs between two runs: times, runner, output. */
  private static JsonNode comparableManifest(Path out) throws IOException {
    ObjectNode m = (ObjectNode) new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    m.remove(List.of("started_at", "finished_at", "timings"));
    ObjectNode options = (ObjectNode) m.get("options");
    options.remove(List.of("runner", "output"));
    return m;
  }
}
