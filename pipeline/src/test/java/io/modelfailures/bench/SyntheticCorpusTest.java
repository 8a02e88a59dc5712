package io.modelfailures.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic corpus is a pure function of source, count and seed, in the corpus layout. */
class SyntheticCorpusTest {

  private static final Path SAMPLE_DATA = sampleData();

  @TempDir Path tmp;

  @Test
  void sameSeedGivesTheSameBytes() throws IOException {
    SyntheticCorpus.generate(SAMPLE_DATA, tmp.resolve("a"), 60, 7);
    SyntheticCorpus.generate(SAMPLE_DATA, tmp.resolve("b"), 60, 7);
    Map<String, byte[]> a = files(tmp.resolve("a"));
    Map<String, byte[]> b = files(tmp.resolve("b"));
    assertThat(a.keySet()).isEqualTo(b.keySet());
    a.forEach((k, v) -> assertThat(Arrays.equals(v, b.get(k))).as(k).isTrue());
  }

  @Test
  void anotherSeedGivesAnotherCorpus() throws IOException {
    SyntheticCorpus.generate(SAMPLE_DATA, tmp.resolve("a"), 60, 7);
    SyntheticCorpus.generate(SAMPLE_DATA, tmp.resolve("b"), 60, 8);
    Map<String, byte[]> a = files(tmp.resolve("a"));
    Map<String, byte[]> b = files(tmp.resolve("b"));
    long differing =
        a.keySet().stream()
            .filter(k -> !b.containsKey(k) || !Arrays.equals(a.get(k), b.get(k)))
            .count();
    assertThat(differing).isGreaterThan(10);
  }

  @Test
  void writesTheCorpusLayoutWithMutatedDocuments() throws IOException {
    Path out = tmp.resolve("c");
    SyntheticCorpus.generate(SAMPLE_DATA, out, 40, 1);
    Map<String, byte[]> files = files(out);
    long docs = files.keySet().stream().filter(k -> k.endsWith("/lib/MODEL_FAILURES.md")).count();
    assertThat(docs).isEqualTo(40);
    assertThat(files.keySet())
        .allMatch(
            k ->
                k.matches("[^/]+/Pr\\d{7}/lib/MODEL_FAILURES\\.md")
                    || k.matches("[^/]+/Pr\\d{7}/metadata\\.json"));
    assertThat(files.keySet()).anyMatch(k -> k.endsWith("/metadata.json"));
    // Mutations: some documents are not byte copies of any source document.
    Map<String, byte[]> sources = files(SAMPLE_DATA);
    long copies =
        files.entrySet().stream()
            .filter(e -> e.getKey().endsWith(".md"))
            .filter(e -> sources.values().stream().anyMatch(s -> Arrays.equals(s, e.getValue())))
            .count();
    assertThat(copies).isLessThan(docs);
  }

  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static Path sampleData() {
    Path cwd = Path.of("").toAbsolutePath();
    return Files.isDirectory(cwd.resolve("sample-data"))
        ? cwd.resolve("sample-data")
        : cwd.getParent().resolve("sample-data");
  }
}
