package io.modelfailures.pipeline;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run at a time per output folder: a lock file {@code .OUT.lock} beside {@code OUT}.
 *
 * <p>Consumes the output path; {@link #acquire} creates the lock file atomically ({@code
 * CREATE_NEW}) holding {@code pid}, {@code host} and {@code started_at}, and {@link #close} deletes
 * it. When the file already exists, the lock is <em>stale</em> and is taken over only if it was
 * written on this host by a process that is no longer alive (a run that was killed); otherwise
 * {@link Held} is thrown with the holder's details. A lock from another host, or one whose content
 * cannot be read, is never broken automatically: delete the file by hand once you know the run is
 * gone.
 */
final class RunLock implements AutoCloseable {

  private final Path file;
  private boolean held;

  private RunLock(Path file) {
    this.file = file;
  }

  /** The lock is held by another run. */
  static final class Held extends Exception {
    Held(String message) {
      super(message);
    }
  }

  /** The lock file of an output folder: {@code .NAME.lock} in the same parent. */
  static Path lockFile(Path output) {
    Path out = output.toAbsolutePath().normalize();
    return out.resolveSibling("." + out.getFileName() + ".lock");
  }

  static RunLock acquire(Path output) throws IOException, Held {
    RunLock lock = new RunLock(lockFile(output));
    Files.createDirectories(lock.file.getParent());
    String me = describe(ProcessHandle.current().pid(), host(), Instant.now().toString());
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.writeString(
            lock.file,
            me,
            StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        lock.held = true;
        return lock;
      } catch (FileAlreadyExistsException e) {
        Map<String, String> holder = read(lock.file);
        if (holder == null) {
          continue; // deleted between our attempt and the read: try again
        }
        if (!isStale(holder, host())) {
          throw new Held(
              "another run holds the lock "
                  + lock.file
                  + " (pid "
                  + holder.get("pid")
                  + " on "
                  + holder.get("host")
                  + ", started "
                  + holder.get("started_at")
                  + "); if that run is gone, delete the lock file");
        }
        // Move the stale file aside under a unique name rather than deleting it, so that two
        // runs breaking the same stale lock cannot both succeed: only one rename wins.
        Path aside =
            lock.file.resolveSibling(
                lock.file.getFileName() + ".stale-" + ProcessHandle.current().pid());
        try {
          Files.move(lock.file, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          if (!holder.equals(read(aside))) {
            // Another run broke the stale lock and took a fresh one before our rename: give it
            // back and stop.
            Files.move(aside, lock.file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            throw new Held("another run took the lock " + lock.file + " just now");
          }
          Files.deleteIfExists(aside);
        } catch (NoSuchFileException gone) {
          // Another run moved it first; our next CREATE_NEW decides who holds the lock.
        }
      }
    }
    throw new Held("could not take the lock " + lock.file + ": it keeps reappearing");
  }

  static String describe(long pid, String host, String startedAt) {
    return "pid=" + pid + "\nhost=" + host + "\nstarted_at=" + startedAt + "\n";
  }

  /** The holder's fields, or null when the file is gone. Unparseable content gives an empty map. */
  static Map<String, String> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return m;
  }

  /** Stale: written on this host by a process id that is no longer alive. */
  static boolean isStale(Map<String, String> holder, String thisHost) {
    if (!thisHost.equals(holder.get("host"))) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(holder.getOrDefault("pid", ""));
    } catch (NumberFormatException e) {
      return false;
    }
    return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  @Override
  public void close() throws IOException {
    if (held) {
      held = false;
      Files.deleteIfExists(file);
    }
  }
}
