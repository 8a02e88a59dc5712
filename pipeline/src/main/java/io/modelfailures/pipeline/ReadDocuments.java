package io.modelfailures.pipeline;

import io.modelfailures.records.SourceDocument;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
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
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
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
 * Finds and reads the input documents with Beam's FileIO, so that any Beam filesystem works.
 *
 * <p>Consumes the {@code --input} specification: directories (searched recursively for files named
 * {@code MODEL_FAILURES*.md}, any case), globs and files, comma-separated. Emits one {@link
 * SourceDocument} per matched file with its bytes, its sha256 and its task's metadata.json text. A
 * file that cannot be read still yields a SourceDocument, with the error set, so that it reaches
 * the documents table as quarantined rather than disappearing.
 */
public class ReadDocuments extends PTransform<PBegin, PCollection<SourceDocument>> {

  private static final Logger LOG = LoggerFactory.getLogger(ReadDocuments.class);

  static final Pattern DOCUMENT_NAME = Pattern.compile("(?i)^model_failures[^/\\\\]*\\.md$");

  private final String input;
  private final long maxDocumentBytes;
  private final long maxMetadataBytes;
  private final int shards;

  public ReadDocuments(String input, long maxDocumentBytes, long maxMetadataBytes, int shards) {
    this.input = input;
    // 0 (the default) lets the number of documents decide; see MatchDocumentsFn.autoShards.
    this.shards = Math.max(0, shards);
    this.maxDocumentBytes = maxDocumentBytes;
    this.maxMetadataBytes = maxMetadataBytes;
  }

  @Override
  public PCollection<SourceDocument> expand(PBegin begin) {
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
            FileIO.readMatches().withDirectoryTreatment(FileIO.ReadMatches.DirectoryTreatment.SKIP))
        .apply("ReadDocument", ParDo.of(new ReadDocumentFn(maxDocumentBytes, maxMetadataBytes)));
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
      try {
        Path p;
        if (spec.startsWith("file:")) {
          p = Path.of(URI.create(spec));
        } else if (spec.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
          return null;
        } else {
          p = Path.of(spec);
        }
        return Files.isDirectory(p) ? p.toAbsolutePath().normalize() : null;
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        return null;
      }
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

  /** Reads one file's bytes (up to the limit) and hash, and its task's metadata.json. */
  static class ReadDocumentFn extends DoFn<FileIO.ReadableFile, SourceDocument> {
    private final long maxDocumentBytes;
    private final long maxMetadataBytes;
    private final Counter read = Metrics.counter(ReadDocuments.class, "documents_read");
    private final Counter unreadable = Metrics.counter(ReadDocuments.class, "documents_unreadable");

    ReadDocumentFn(long maxDocumentBytes, long maxMetadataBytes) {
      this.maxDocumentBytes = maxDocumentBytes;
      this.maxMetadataBytes = maxMetadataBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<SourceDocument> out) {
      String path = file.getMetadata().resourceId().toString();
      SourceDocument.Builder doc =
          SourceDocument.newBuilder()
              .setSourcePath(path)
              .setSizeBytes(file.getMetadata().sizeBytes());
      try (ReadableByteChannel ch = file.open()) {
        Content c = readHashed(ch, maxDocumentBytes);
        doc.setDocId(c.sha256).setSizeBytes(c.size);
        if (c.bytes != null) {
          doc.setContent(ByteBuffer.wrap(c.bytes));
        } else {
          doc.setReadErrorClass("DocumentTooLarge")
              .setReadError(
                  "document is " + c.size + " bytes, above --maxDocumentBytes=" + maxDocumentBytes);
        }
        read.inc();
      } catch (IOException | RuntimeException e) {
        unreadable.inc();
        doc.setReadErrorClass(e.getClass().getName()).setReadError(String.valueOf(e.getMessage()));
      }
      readMetadata(path, doc);
      out.output(doc.build());
    }

    private void readMetadata(String path, SourceDocument.Builder doc) {
      String spec = metadataPath(path);
      try {
        // Opened by name, not matched: a folder name with glob characters ("[draft]") is a name.
        ResourceId id = FileSystems.matchNewResource(spec, false);
        ReadableByteChannel opened;
        try {
          opened = FileSystems.open(id);
        } catch (FileNotFoundException | NoSuchFileException e) {
          return;
        }
        doc.setMetadataPath(id.toString());
        try (ReadableByteChannel ch = opened) {
          Content c = readHashed(ch, maxMetadataBytes);
          if (c.bytes == null) {
            doc.setMetadataError(
                "metadata.json is "
                    + c.size
                    + " bytes, above --maxMetadataBytes="
                    + maxMetadataBytes);
          } else {
            doc.setMetadataJson(new String(c.bytes, StandardCharsets.UTF_8));
          }
        }
      } catch (IOException | RuntimeException e) {
        doc.setMetadataError(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  /**
   * {@code <task>/lib/MODEL_FAILURES.md} has {@code <task>/metadata.json}; else the same folder.
   */
  static String metadataPath(String documentPath) {
    String p = documentPath;
    int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    String dir = slash >= 0 ? p.substring(0, slash) : ".";
    int dirSlash = Math.max(dir.lastIndexOf('/'), dir.lastIndexOf('\\'));
    String dirName = dir.substring(dirSlash + 1);
    String task =
        dirName.equalsIgnoreCase("lib") && dirSlash >= 0 ? dir.substring(0, dirSlash) : dir;
    return task + "/metadata.json";
  }

  /** A file's bytes (null when over the limit), its size and its sha256. */
  record Content(byte[] bytes, long size, String sha256) {}

  static Content readHashed(ReadableByteChannel ch, long limit) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    long size = 0;
    boolean over = false;
    while (ch.read(buf) != -1) {
      buf.flip();
      int n = buf.remaining();
      sha.update(buf.array(), 0, n);
      size += n;
      if (!over && size <= limit) {
        kept.write(buf.array(), 0, n);
      } else if (!over) {
        // Keep hashing so the quarantined file still has its doc_id, but stop keeping bytes.
        over = true;
        kept = null;
      }
      buf.clear();
    }
    return new Content(
        over ? null : kept.toByteArray(), size, HexFormat.of().formatHex(sha.digest()));
  }
}
