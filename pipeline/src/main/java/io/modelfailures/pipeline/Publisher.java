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
 * an atomic rename, then deletes the previous output. A failed run leaves the previous output as it
 * was and removes its staging folder. Outputs on other filesystems (e.g. {@code gs://}) are written
 * in place, as object stores have no atomic directory rename.
 */
final class Publisher {

  private final Path output;
  private final Path staging;
  private final String remote;

  private Publisher(Path output, Path staging, String remote) {
    this.output = output;
    this.staging = staging;
    this.remote = remote;
  }

  static Publisher forOutput(String output) {
    if (output.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return new Publisher(null, null, output);
    }
    Path out = Path.of(output).toAbsolutePath().normalize();
    String stamp = Instant.now().toString().replaceAll("[^0-9]", "");
    Path staging =
        out.resolveSibling(
            "." + out.getFileName() + ".staging-" + stamp + "-" + ProcessHandle.current().pid());
    return new Publisher(out, staging, null);
  }

  /** Creates the staging folder; returns where the pipeline should write. */
  String prepare() throws IOException {
    if (remote != null) {
      return remote;
    }
    Files.createDirectories(staging);
    return staging.toString();
  }

  void publish() throws IOException {
    if (remote != null) {
      return;
    }
    removeTempFolders(staging);
    Path previous = null;
    if (Files.exists(output)) {
      previous =
          output.resolveSibling("." + output.getFileName() + ".previous-" + staging.getFileName());
      move(output, previous);
    }
    move(staging, output);
    if (previous != null) {
      deleteTree(previous);
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
