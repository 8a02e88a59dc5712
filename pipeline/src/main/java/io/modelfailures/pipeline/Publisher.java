package io.modelfailures.pipeline;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * Publishes a run's output so that readers never see a half-written one.
 *
 * <p>On a local filesystem the run writes into a hidden staging folder beside {@code --output};
 * {@link #publish()} moves the previous output aside and the staging folder into place, each with
 * an atomic rename. With {@code keepRuns > 1} the previous output is kept as {@code OUT.prev-<UTC
 * time it was published>} and only the newest {@code keepRuns - 1} of those are kept; with {@code
 * keepRuns = 1} it is deleted. A failed run leaves the previous output as it was and removes its
 * staging folder.
 *
 * <p>A run killed at any moment leaves the previous output complete: while it writes, only its
 * staging folder changes. Between the two renames of {@link #publish()} {@code OUT} is briefly
 * absent; a marker file {@code .OUT.publishing} names the folder it was moved to, and {@link
 * #prepare()} of the next run (which holds the {@link RunLock}) moves it back, and deletes staging
 * folders that killed runs left behind. Outputs on other filesystems (e.g. {@code gs://}) are
 * written in place, as object stores have no atomic directory rename.
 */
final class Publisher {

  private final Path output;
  private final Path staging;
  private final String remote;
  private final int keepRuns;

  private Publisher(Path output, Path staging, String remote, int keepRuns) {
    this.output = output;
    this.staging = staging;
    this.remote = remote;
    this.keepRuns = Math.max(1, keepRuns);
  }

  static Publisher forOutput(String output) {
    return forOutput(output, 1);
  }

  static boolean isRemote(String output) {
    return output.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  static Publisher forOutput(String output, int keepRuns) {
    if (isRemote(output)) {
      return new Publisher(null, null, output, keepRuns);
    }
    Path out = Path.of(output).toAbsolutePath().normalize();
    String stamp = Instant.now().toString().replaceAll("[^0-9]", "");
    Path staging =
        out.resolveSibling(
            "." + out.getFileName() + ".staging-" + stamp + "-" + ProcessHandle.current().pid());
    return new Publisher(out, staging, null, keepRuns);
  }

  /**
   * Repairs what a killed run left, then creates the staging folder; returns where the pipeline
   * should write. Call it while holding the {@link RunLock}: it deletes other runs' staging
   * folders.
   */
  String prepare() throws IOException {
    if (remote != null) {
      return remote;
    }
    recover();
    Files.createDirectories(staging);
    return staging.toString();
  }

  private Path marker() {
    return output.resolveSibling("." + output.getFileName() + ".publishing");
  }

  /** Undoes a publish that was cut between its renames, and drops killed runs' staging folders. */
  void recover() throws IOException {
    Path marker = marker();
    if (Files.exists(marker)) {
      Path movedTo = output.resolveSibling(Files.readString(marker).trim());
      if (!Files.exists(output) && Files.isDirectory(movedTo)) {
        move(movedTo, output);
      }
      Files.delete(marker);
    }
    String prefix = "." + output.getFileName() + ".";
    try (var siblings = Files.list(output.getParent())) {
      for (Path p : siblings.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix + "staging-") || name.startsWith(prefix + "previous-")) {
          deleteTree(p);
        }
      }
    }
  }

  void publish() throws IOException {
    if (remote != null) {
      return;
    }
    removeTempFolders(staging);
    Path previous = null;
    if (Files.exists(output)) {
      previous =
          keepRuns > 1
              ? keptName()
              : output.resolveSibling(
                  "." + output.getFileName() + ".previous-" + staging.getFileName());
      // The marker lets the next run put OUT back if this process dies between the two renames.
      Files.writeString(marker(), previous.getFileName().toString());
      move(output, previous);
    }
    move(staging, output);
    Files.deleteIfExists(marker());
    if (previous != null && keepRuns == 1) {
      deleteTree(previous);
    }
    prune();
  }

  /** {@code OUT.prev-<UTC time the output being replaced was published>}, unique. */
  private Path keptName() throws IOException {
    Path manifest = output.resolve("manifest.json");
    Instant when =
        Files.getLastModifiedTime(Files.exists(manifest) ? manifest : output).toInstant();
    String stamp =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(when);
    Path p = output.resolveSibling(output.getFileName() + PREV + stamp);
    for (int n = 2; Files.exists(p); n++) {
      p = output.resolveSibling(output.getFileName() + PREV + stamp + "-" + n);
    }
    return p;
  }

  static final String PREV = ".prev-";

  /** The kept previous outputs, oldest first. */
  static java.util.List<Path> keptRuns(Path output) throws IOException {
    Path out = output.toAbsolutePath().normalize();
    String prefix = out.getFileName() + PREV;
    try (var siblings = Files.list(out.getParent())) {
      return siblings
          .filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p))
          .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  /** Keeps the newest {@code keepRuns - 1} previous outputs. */
  private void prune() throws IOException {
    java.util.List<Path> kept = keptRuns(output);
    for (int i = 0; i < kept.size() - (keepRuns - 1); i++) {
      deleteTree(kept.get(i));
    }
  }

  void abandon() {
    if (remote == null) {
      try {
        deleteTree(staging);
      } catch (IOException e) {
        // Leave it: a stale staging folder is harmless and is named as such.
      }
    }
  }

  /** Beam's file sinks can leave empty ".temp-beam*" folders behind; readers need not see them. */
  private static void removeTempFolders(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p :
          walk.filter(p -> p.getFileName().toString().startsWith(".temp-beam")).toList()) {
        deleteTree(p);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
