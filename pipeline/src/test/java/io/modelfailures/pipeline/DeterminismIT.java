package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input gives the same tables, whatever the parallelism, the sharding and the order in
 * which the files were written. The input is {@code sample-data/} plus every 25th task of {@code
 * ../shared/corpus} when that folder is present. It is copied twice to the same path (so that the
 * source paths in the records agree), in two different shuffled orders, and run with {@code
 * --targetParallelism=1 --shards=1} and then {@code --targetParallelism=4 --shards=7}. Every
 * table's JSON Lines, with lines sorted, must be byte-identical.
 */
class DeterminismIT {

  @TempDir Path tmp;

  /** Relative file path -> source file, for every input file (documents and metadata). */
  static Map<String, Path> inputFiles() throws IOException {
    Map<String, Path> files = new TreeMap<>();
    Path sample = TestPaths.sampleData();
    try (Stream<Path> walk = Files.walk(sample)) {
      walk.filter(Files::isRegularFile)
          .forEach(p -> files.put("sample-data/" + sample.relativize(p), p));
    }
    Path corpus = TestPaths.shared().resolve("corpus");
    if (Files.isDirectory(corpus)) {
      List<Path> tasks;
      try (Stream<Path> walk = Files.walk(corpus, 2)) {
        tasks =
            walk.filter(p -> corpus.relativize(p).getNameCount() == 2)
                .filter(Files::isDirectory)
                .sorted()
                .toList();
      }
      for (int i = 0; i < tasks.size(); i += 25) {
        try (Stream<Path> walk = Files.walk(tasks.get(i))) {
          walk.filter(Files::isRegularFile)
              .forEach(p -> files.put("corpus/" + corpus.relativize(p), p));
        }
      }
    }
    return files;
  }

  /** Copies the files into {@code dir} in an order shuffled with {@code seed}. */
  static void copyShuffled(Map<String, Path> files, Path dir, long seed) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    List<String> order = new ArrayList<>(files.keySet());
    Collections.shuffle(order, new Random(seed));
    for (String rel : order) {
      Path target = dir.resolve(rel);
      Files.createDirectories(target.getParent());
      Files.copy(files.get(rel), target);
    }
  }

  /** Table -> its JSON Lines, sorted. */
  static Map<String, List<String>> tables(Path out) throws IOException {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String table : FailuresPipeline.tableSchemas().keySet()) {
      List<String> lines = new ArrayList<>();
      try (Stream<Path> files = Files.list(out.resolve("jsonl").resolve(table))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
          lines.addAll(Files.readAllLines(f));
        }
      }
      lines.removeIf(String::isBlank);
      Collections.sort(lines);
      tables.put(table, lines);
    }
    return tables;
  }

  @Test
  void tablesDoNotDependOnParallelismShardingOrInputOrder() throws IOException {
    Map<String, Path> files = inputFiles();
    Path in = tmp.resolve("in");

    copyShuffled(files, in, 1);
    Path first = tmp.resolve("out-1");
    long start = System.currentTimeMillis();
    TestPaths.runPipeline(
        in.toString(),
        first,
        "--targetParallelism=1",
        "--shards=1",
        "--enforceImmutability=false",
        "--enforceEncodability=false");
    long firstMillis = System.currentTimeMillis() - start;

    copyShuffled(files, in, 2);
    Path second = tmp.resolve("out-2");
    start = System.currentTimeMillis();
    TestPaths.runPipeline(
        in.toString(),
        second,
        "--targetParallelism=4",
        "--shards=7",
        "--enforceImmutability=false",
        "--enforceEncodability=false");
    long secondMillis = System.currentTimeMillis() - start;

    Map<String, List<String>> a = tables(first);
    Map<String, List<String>> b = tables(second);
    System.out.printf(
        "determinism: %d input files, runs of %d ms and %d ms, rows per table %s%n",
        files.size(),
        firstMillis,
        secondMillis,
        a.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
    assertThat(a.get("documents")).hasSize((int) TestPaths.countDocuments(in));
    for (String table : a.keySet()) {
      assertThat(b.get(table)).as("table %s", table).isEqualTo(a.get(table));
    }
  }
}
