package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing: atomic swap, the last K outputs kept, and repair after a killed run. */
class PublisherTest {

  @TempDir Path tmp;

  /** Publishes one fake run whose manifest says {@code n}, stamped {@code n} hours after 2030. */
  private void publish(Path out, int keep, int n) throws Exception {
    Publisher p = Publisher.forOutput(out.toString(), keep);
    Path staging = Path.of(p.prepare());
    Path manifest = staging.resolve("manifest.json");
    Files.writeString(manifest, "run " + n);
    Files.setLastModifiedTime(
        manifest, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(3600L * n)));
    p.publish();
  }

  @Test
  void keepsTheNewestKMinusOnePreviousOutputs() throws Exception {
    Path out = tmp.resolve("out");
    for (int n = 1; n <= 5; n++) {
      publish(out, 3, n);
    }
    assertThat(Files.readString(out.resolve("manifest.json"))).isEqualTo("run 5");
    assertThat(Publisher.keptRuns(out))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("out.prev-20300101T030000Z", "out.prev-20300101T040000Z");
    assertThat(Files.readString(Publisher.keptRuns(out).get(1).resolve("manifest.json")))
        .isEqualTo("run 4");
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "out", "out.prev-20300101T030000Z", "out.prev-20300101T040000Z");
    }
  }

  @Test
  void keepOneDeletesThePreviousOutput() throws Exception {
    Path out = tmp.resolve("out");
    publish(out, 1, 1);
    publish(out, 1, 2);
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("out");
    }
  }

  @Test
  void nextRunRepairsAPublishCutBetweenItsRenamesAndDropsStaleStaging() throws Exception {
    Path out = tmp.resolve("out");
    publish(out, 3, 1);
    // As if killed after moving OUT aside, before moving staging into place.
    Path aside = tmp.resolve("out.prev-20300101T010000Z");
    Files.move(out, aside);
    Files.writeString(tmp.resolve(".out.publishing"), aside.getFileName().toString());
    Path staleStaging = Files.createDirectories(tmp.resolve(".out.staging-1-1/parquet"));

    Publisher next = Publisher.forOutput(out.toString(), 3);
    next.prepare();
    assertThat(Files.readString(out.resolve("manifest.json"))).isEqualTo("run 1");
    assertThat(aside).doesNotExist();
    assertThat(tmp.resolve(".out.publishing")).doesNotExist();
    assertThat(staleStaging.getParent()).doesNotExist();
    next.abandon();
  }
}
