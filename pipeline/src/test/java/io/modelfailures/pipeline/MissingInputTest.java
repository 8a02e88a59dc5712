package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistyped --input is refused up front instead of reading nothing (or searching the disk). */
class MissingInputTest {

  @TempDir Path tmp;

  @Test
  void namesOnlyLocalPathsThatDoNotExist() throws Exception {
    Path there = Files.createDirectories(tmp.resolve("corpus"));
    String missing = tmp.resolve("corpsu").toString();
    String input =
        String.join(
            ",",
            there.toString(),
            missing,
            tmp.resolve("nothing-yet/*/MODEL_FAILURES.md").toString(),
            "gs://bucket/corpus",
            there.toUri().toString(),
            tmp.resolve("gone").toUri().toString());

    assertThat(ListDocuments.missingLocalInputs(input))
        .containsExactly(missing, tmp.resolve("gone").toUri().toString());
  }

  @Test
  void aRunOverAMissingInputIsAUsageErrorAndWritesNothing() {
    Path out = tmp.resolve("out");
    int status =
        FailuresPipeline.mainStatus(
            new String[] {"--input=" + tmp.resolve("no-such-dir"), "--output=" + out});

    assertThat(status).isEqualTo(FailuresPipeline.EXIT_USAGE);
    assertThat(out).doesNotExist();
  }
}
