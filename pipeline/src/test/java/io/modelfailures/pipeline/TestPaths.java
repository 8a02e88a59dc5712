package io.modelfailures.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Locations the tests read from, and a helper that runs the pipeline into a folder. */
final class TestPaths {

  private TestPaths() {}

  /** The repository root, whether tests run from it or from the pipeline module. */
  static Path repoRoot() {
    Path cwd = Path.of("").toAbsolutePath();
    return Files.isDirectory(cwd.resolve("sample-data")) ? cwd : cwd.getParent();
  }

  static Path sampleData() {
    return repoRoot().resolve("sample-data");
  }

  /** {@code ../shared} beside the checkout; may be absent on a fresh clone. */
  static Path shared() {
    return repoRoot().getParent().resolve("shared");
  }

  /** Builds and runs the pipeline on the Direct runner, writing tables into {@code out}. */
  static void runPipeline(String input, Path out, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--input=" + input, "--output=" + out));
    args.addAll(List.of(extraArgs));
    PipelineOptionsFactory.register(FailuresPipelineOptions.class);
    FailuresPipelineOptions o =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
            .as(FailuresPipelineOptions.class);
    Pipeline p = Pipeline.create(o);
    FailuresPipeline.build(p, o, out.toString());
    p.run().waitUntilFinish();
  }

  /** All JSON Lines rows of one table. */
  static List<JsonNode> rows(Path out, String table) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(out.resolve("jsonl").resolve(table))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            rows.add(json.readTree(line));
          }
        }
      }
    }
    return rows;
  }

  /** Input documents under a folder, counted the way ReadDocuments selects them. */
  static long countDocuments(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> ListDocuments.DOCUMENT_NAME.matcher(p.getFileName().toString()).matches())
          .count();
    }
  }
}
