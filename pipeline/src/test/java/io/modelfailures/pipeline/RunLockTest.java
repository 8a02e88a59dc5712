package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output lock: exclusive, released on close, stale locks of dead local processes broken. */
class RunLockTest {

  @TempDir Path tmp;

  @Test
  void secondRunOnTheSameOutputIsRefusedWithTheHolder() throws Exception {
    Path out = tmp.resolve("out");
    try (RunLock first = RunLock.acquire(out)) {
      assertThat(RunLock.lockFile(out)).exists().hasFileName(".out.lock");
      assertThatThrownBy(() -> RunLock.acquire(out))
          .isInstanceOf(RunLock.Held.class)
          .hasMessageContaining("another run holds the lock")
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    assertThat(RunLock.lockFile(out)).doesNotExist();
    try (RunLock again = RunLock.acquire(out)) {
      assertThat(RunLock.lockFile(out)).exists();
    }
  }

  @Test
  void lockOfADeadProcessOnThisHostIsTakenOver() throws Exception {
    Path out = tmp.resolve("out");
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Files.writeString(
        RunLock.lockFile(out),
        RunLock.describe(dead.pid(), RunLock.host(), "2020-01-01T00:00:00Z"));
    try (RunLock lock = RunLock.acquire(out)) {
      assertThat(RunLock.read(RunLock.lockFile(out)))
          .containsEntry("pid", String.valueOf(ProcessHandle.current().pid()));
    }
  }

  @Test
  void lockFromAnotherHostOrUnreadableIsNeverBroken() throws Exception {
    Path out = tmp.resolve("out");
    Files.writeString(
        RunLock.lockFile(out), RunLock.describe(1, "some-other-host", "2020-01-01T00:00:00Z"));
    assertThatThrownBy(() -> RunLock.acquire(out)).isInstanceOf(RunLock.Held.class);
    Files.writeString(RunLock.lockFile(out), "garbage");
    assertThatThrownBy(() -> RunLock.acquire(out)).isInstanceOf(RunLock.Held.class);
  }

  @Test
  void refusedRunExitsFive() throws Exception {
    Path out = tmp.resolve("out");
    try (RunLock held = RunLock.acquire(out)) {
      int status =
          FailuresPipeline.mainStatus(
              new String[] {"--input=" + TestPaths.sampleData(), "--output=" + out});
      assertThat(status).isEqualTo(FailuresPipeline.EXIT_LOCKED);
    }
    assertThat(out).doesNotExist();
  }
}
