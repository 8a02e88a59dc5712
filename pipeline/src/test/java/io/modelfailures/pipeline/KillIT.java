package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed while it writes (a separate JVM, killed with SIGKILL once its staging folder holds
 * files) leaves the previous output complete and readable, and the next run succeeds: it breaks the
 * dead run's stale lock and removes its staging folder.
 */
class KillIT {

  @TempDir Path tmp;

  /** Sample data copied {@code copies} times, so that a run takes long enough to be caught. */
  private Path input(int copies) throws IOException {
    Path in = tmp.resolve("in");
    Path sample = TestPaths.sampleData();
    for (int i = 0; i < copies; i++) {
      Path dest = in.resolve("copy" + i);
      try (Stream<Path> walk = Files.walk(sample)) {
        for (Path src : walk.toList()) {
          Path d = dest.resolve(sample.relativize(src).toString());
          if (Files.isDirectory(src)) {
            Files.createDirectories(d);
          } else {
            Files.copy(src, d);
          }
        }
      }
    }
    return in;
  }

  private static long duckCount(Path out, String table) throws Exception {
    String glob = out.resolve("parquet").resolve(table).resolve("*.parquet").toString();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + glob + "')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Optional<Path> stagingWithFiles(Path parent) throws IOException {
    try (Stream<Path> s = Files.list(parent)) {
      for (Path p :
          s.filter(p -> p.getFileName().toString().startsWith(".out.staging-")).toList()) {
        try (Stream<Path> walk = Files.walk(p)) {
          if (walk.anyMatch(Files::isRegularFile)) {
            return Optional.of(p);
          }
        }
      }
    } catch (java.io.UncheckedIOException e) {
      // The folder changed while we walked it: look again.
    }
    return Optional.empty();
  }

  @Test
  void killedRunLeavesPreviousOutputIntactAndNextRunSucceeds() throws Exception {
    Path in = input(6);
    Path out = tmp.resolve("out");
    String[] args = {"--input=" + in, "--output=" + out, "--report=false"};
    assertThat(FailuresPipeline.mainStatus(args)).isZero();
    String manifest = Files.readString(out.resolve("manifest.json"));
    long documents = duckCount(out, "documents");
    assertThat(documents).isEqualTo(TestPaths.countDocuments(in));

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FailuresPipeline.class.getName());
    cmd.addAll(List.of(args));
    Process run =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("killed-run.log").toFile())
            .start();
    Path staging = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (staging == null && run.isAlive() && System.nanoTime() < deadline) {
      staging = stagingWithFiles(tmp).orElse(null);
      Thread.sleep(20);
    }
    assertThat(staging).as("the second run started writing before it ended").isNotNull();
    run.destroyForcibly().waitFor();
    assertThat(run.exitValue()).isNotZero();

    // The previous output is untouched and an independent reader can read it.
    assertThat(Files.readString(out.resolve("manifest.json"))).isEqualTo(manifest);
    assertThat(duckCount(out, "documents")).isEqualTo(documents);
    assertThat(TestPaths.rows(out, "documents")).hasSize((int) documents);
    // The killed run left its lock and its staging folder behind.
    assertThat(RunLock.lockFile(out)).exists();
    assertThat(staging).exists();

    assertThat(FailuresPipeline.mainStatus(args)).isZero();
    assertThat(RunLock.lockFile(out)).doesNotExist();
    assertThat(staging).doesNotExist();
    assertThat(duckCount(out, "documents")).isEqualTo(documents);
    assertThat(Publisher.keptRuns(out)).hasSize(1);
  }
}
