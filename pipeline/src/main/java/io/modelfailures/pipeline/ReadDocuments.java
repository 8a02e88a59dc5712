package io.modelfailures.pipeline;

import io.modelfailures.records.SourceDocument;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Reads the listed documents.
 *
 * <p>Consumes {@link FileIO.ReadableFile}s from {@link ListDocuments}; emits one {@link
 * SourceDocument} per file with its bytes, its sha256 and its task's metadata.json text. A file
 * that cannot be read still yields a SourceDocument, with the error set, so that it reaches the
 * documents table as quarantined rather than disappearing.
 *
 * <p>Reading waits for the corpus views given at construction (see {@link ScanCorpus}): the steps
 * after parsing need them for every document, and a document parsed before they exist would be held
 * in memory until they do, so that all of a large corpus's records were in memory at once. Waiting
 * here holds only the small file descriptors.
 */
public class ReadDocuments
    extends PTransform<PCollection<FileIO.ReadableFile>, PCollection<SourceDocument>> {

  private final long maxDocumentBytes;
  private final long maxMetadataBytes;
  private final List<PCollectionView<?>> waitFor;

  public ReadDocuments(
      long maxDocumentBytes, long maxMetadataBytes, List<PCollectionView<?>> waitFor) {
    this.maxDocumentBytes = maxDocumentBytes;
    this.maxMetadataBytes = maxMetadataBytes;
    this.waitFor = waitFor;
  }

  @Override
  public PCollection<SourceDocument> expand(PCollection<FileIO.ReadableFile> files) {
    // Side inputs a DoFn does not read still hold its elements back until they are ready: that
    // is the point of declaring them.
    return files.apply(
        "ReadDocument",
        ParDo.of(new ReadDocumentFn(maxDocumentBytes, maxMetadataBytes)).withSideInputs(waitFor));
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
