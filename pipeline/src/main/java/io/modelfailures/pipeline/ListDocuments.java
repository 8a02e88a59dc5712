package io.modelfailures.pipeline;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the input documents with Beam's FileSystems, so that any Beam filesystem works.
 *
 * <p>Consumes the {@code --input} specification: directories (searched recursively for files named
 * {@code MODEL_FAILURES*.md}, any case), globs and files, comma-separated. Emits one {@link
 * FileIO.ReadableFile} per matched file, grouped into shards so that the runner has bundles of a
 * bounded size to read and parse in parallel; {@link ReadDocuments} and {@link ScanCorpus} read
 * them.
 */
public class ListDocuments extends PTransform<PBegin, PCollection<FileIO.ReadableFile>> {

  private static final Logger LOG = LoggerFactory.getLogger(ListDocuments.class);

  static final Pattern DOCUMENT_NAME = Pattern.compile("(?i)^model_failures[^/\\\\]*\\.md$");

  private final String input;
  private final int shards;

  public ListDocuments(String input, int shards) {
    this.input = input;
    // 0 (the default) lets the number of documents decide; see MatchDocumentsFn.autoShards.
    this.shards = Math.max(0, shards);
  }

  @Override
  public PCollection<FileIO.ReadableFile> expand(PBegin begin) {
    return begin
        .apply("ListInputSpecs", Create.of(input).withCoder(StringUtf8Coder.of()))
        .apply("MatchDocuments", ParDo.of(new MatchDocumentsFn(shards)))
        .setCoder(KvCoder.of(VarIntCoder.of(), MetadataCoderV2.of()))
        // A fixed number of shards gives the runner that many bundles to read in parallel.
        // (FileIO's
        // own match reshuffles into one-element bundles, which makes every later grouping step on
        // the Direct runner copy its state once per document.)
        .apply("GroupIntoShards", GroupByKey.create())
        .apply("ListShardFiles", ParDo.of(new ShardFilesFn()))
        .setCoder(MetadataCoderV2.of())
        .apply(
            "OpenFiles",
            FileIO.readMatches()
                .withDirectoryTreatment(FileIO.ReadMatches.DirectoryTreatment.SKIP));
  }

  /**
   * Expands the input specification: directories recursively, keeping document names; globs and
   * files as they are, with Beam's FileSystems (as FileIO.match does). A local directory is walked
   * with java.nio, which follows symbolic links but detects loops: Beam's own recursive match
   * follows a link back to an ancestor until the path is too long (41 copies of one document for
   * one such link) and with two such links never finishes. A directory named like a document is not
   * a document: it is skipped with a warning. A path named twice is emitted once. Each file is
   * keyed by a stable shard of its path.
   */
  static class MatchDocumentsFn extends DoFn<String, KV<Integer, MatchResult.Metadata>> {
    private final int shards;

    MatchDocumentsFn(int shards) {
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element String spec, OutputReceiver<KV<Integer, MatchResult.Metadata>> out)
        throws IOException {
      List<String> directories = new ArrayList<>();
      List<String> patterns = new ArrayList<>();
      splitSpecs(spec, directories, patterns);
      java.util.Map<String, MatchResult.Metadata> files = new java.util.LinkedHashMap<>();
      for (String dir : directories) {
        Path local = localDirectory(dir);
        if (local != null) {
          for (MatchResult.Metadata m : walkLocal(local)) {
            add(m, files);
          }
          continue;
        }
        if (localPath(dir) != null) {
          // Beam's recursive match of a missing local directory walks up to the nearest existing
          // ancestor and searches all of it: for a mistyped path, the whole disk.
          LOG.warn("input {} does not exist; nothing read from it", dir);
          continue;
        }
        String glob = dir.endsWith("/") ? dir + "**" : dir + "/**";
        for (MatchResult.Metadata m : match(glob)) {
          if (DOCUMENT_NAME.matcher(m.resourceId().getFilename()).matches()) {
            add(m, files);
          }
        }
      }
      for (String pattern : patterns) {
        for (MatchResult.Metadata m : match(pattern)) {
          add(m, files);
        }
      }
      int n = shards > 0 ? shards : autoShards(files.size());
      files.forEach((path, m) -> out.output(KV.of(Math.floorMod(path.hashCode(), n), m)));
    }

    /**
     * Shards for {@code files} documents when none is set: about {@link #FILES_PER_SHARD} per
     * shard, and at least {@link #MIN_SHARDS} so that two cores have work. Every step pays a fixed
     * cost per bundle on the Direct runner, so fewer, larger shards are cheaper; but a shard's
     * documents and records are held in memory while it is processed, so a shard must not grow with
     * the corpus.
     */
    static int autoShards(int files) {
      return Math.max(MIN_SHARDS, (files + FILES_PER_SHARD - 1) / FILES_PER_SHARD);
    }

    static final int FILES_PER_SHARD = 1000;
    static final int MIN_SHARDS = 4;

    private static void add(
        MatchResult.Metadata m, java.util.Map<String, MatchResult.Metadata> files) {
      String path = m.resourceId().toString();
      if (!m.resourceId().isDirectory()) {
        files.putIfAbsent(path, m);
      }
    }

    /** The local directory a spec names (a plain path or a file: URI), else null. */
    static Path localDirectory(String spec) {
      Path p = localPath(spec);
      return p != null && Files.isDirectory(p) ? p.toAbsolutePath().normalize() : null;
    }

    /** Documents under a local directory, in path order; links followed, loops skipped. */
    static List<MatchResult.Metadata> walkLocal(Path root) throws IOException {
      List<MatchResult.Metadata> found = new ArrayList<>();
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(root) && isDocumentName(dir)) {
                LOG.warn("skipped {}: a directory named like a document is not a document", dir);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              // A link that cannot be followed arrives with its own attributes: keep it, so that
              // reading it fails and it is quarantined with the reason.
              if (isDocumentName(file) && (attrs.isRegularFile() || attrs.isSymbolicLink())) {
                found.add(
                    MatchResult.Metadata.builder()
                        .setResourceId(FileSystems.matchNewResource(file.toString(), false))
                        .setSizeBytes(attrs.isRegularFile() ? attrs.size() : 0)
                        .setIsReadSeekEfficient(true)
                        .setLastModifiedMillis(attrs.lastModifiedTime().toMillis())
                        .build());
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (e instanceof FileSystemLoopException) {
                LOG.warn("skipped {}: a symbolic link loop", file);
              } else if (isDocumentName(file)) {
                found.add(
                    MatchResult.Metadata.builder()
                        .setResourceId(FileSystems.matchNewResource(file.toString(), false))
                        .setSizeBytes(0)
                        .setIsReadSeekEfficient(true)
                        .build());
              } else {
                LOG.warn("skipped {}: {}", file, e.toString());
              }
              return FileVisitResult.CONTINUE;
            }
          });
      found.sort(java.util.Comparator.comparing(m -> m.resourceId().toString()));
      return found;
    }

    private static boolean isDocumentName(Path p) {
      return p.getFileName() != null && DOCUMENT_NAME.matcher(p.getFileName().toString()).matches();
    }

    private static List<MatchResult.Metadata> match(String spec) throws IOException {
      MatchResult r = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
      return r.status() == MatchResult.Status.OK ? r.metadata() : List.of();
    }
  }

  /** Lists a shard's files in path order, so that a shard is processed the same way each run. */
  static class ShardFilesFn
      extends DoFn<KV<Integer, Iterable<MatchResult.Metadata>>, MatchResult.Metadata> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<MatchResult.Metadata>> shard,
        OutputReceiver<MatchResult.Metadata> out) {
      List<MatchResult.Metadata> files = new ArrayList<>();
      shard.getValue().forEach(files::add);
      files.sort(java.util.Comparator.comparing(m -> m.resourceId().toString()));
      files.forEach(out::output);
    }
  }

  /** The local path a spec names (a plain path or a file: URI), existing or not; else null. */
  static Path localPath(String spec) {
    try {
      if (spec.startsWith("file:")) {
        return Path.of(URI.create(spec));
      }
      if (spec.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
        return null;
      }
      return Path.of(spec);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }

  /**
   * The comma-separated specs of {@code input} that name a local file or directory (no glob) that
   * does not exist: a run is refused over them rather than reading nothing from a mistyped path.
   */
  public static List<String> missingLocalInputs(String input) {
    List<String> missing = new ArrayList<>();
    for (String raw : input.split(",")) {
      String spec = raw.trim();
      if (spec.isEmpty() || spec.matches(".*[*?\\[{].*")) {
        continue;
      }
      Path p = localPath(spec);
      if (p != null && !Files.exists(p)) {
        missing.add(spec);
      }
    }
    return missing;
  }

  /** Sorts the comma-separated specs into directories and plain patterns (globs and files). */
  static void splitSpecs(String input, List<String> directories, List<String> patterns) {
    for (String raw : input.split(",")) {
      String spec = raw.trim();
      if (spec.isEmpty()) {
        continue;
      }
      if (spec.matches(".*[*?\\[{].*")) {
        patterns.add(spec);
        continue;
      }
      boolean isFile = false;
      try {
        MatchResult r = FileSystems.match(spec);
        if (r.status() == MatchResult.Status.OK) {
          for (MatchResult.Metadata m : r.metadata()) {
            isFile |= !m.resourceId().isDirectory() && !new java.io.File(spec).isDirectory();
          }
        }
      } catch (IOException e) {
        // Not matchable as a single resource: treat it as a directory below.
      }
      if (isFile) {
        patterns.add(spec);
      } else {
        directories.add(spec);
      }
    }
  }
}
