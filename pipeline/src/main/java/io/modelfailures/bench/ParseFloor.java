package io.modelfailures.bench;

import io.modelfailures.catalog.ServiceCatalog;
import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.extract.TextDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * The benchmark's floor: the least work any run over the corpus must do, with no Beam.
 *
 * <p>Consumes a folder; finds the documents as the pipeline does ({@code MODEL_FAILURES*.md}, any
 * case), then on all cores reads each one and its task's metadata.json, hashes the document
 * (sha256), decodes it and parses it with CommonMark configured as the extractor configures it.
 * With {@code --extract} it also runs the full {@link FailureExtractor} on each document: the
 * pipeline's own per-document work without the runner. Prints one line of {@code key=value} pairs
 * (documents, bytes, listing, elapsed wall time) for {@code scripts/bench.sh}.
 *
 * <p>Usage: {@code ParseFloor DIR [--threads=N] [--extract]}
 */
public final class ParseFloor {

  private static final Pattern DOC_NAME = Pattern.compile("(?i)^model_failures[^/\\\\]*\\.md$");

  private ParseFloor() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean extract = false;
    for (String a : args) {
      if (a.startsWith("--threads=")) {
        threads = Integer.parseInt(a.substring("--threads=".length()));
      } else if (a.equals("--extract")) {
        extract = true;
      } else if (!a.startsWith("--") && dir == null) {
        dir = Path.of(a);
      } else {
        System.err.println("usage: ParseFloor DIR [--threads=N] [--extract]");
        System.exit(2);
      }
    }
    if (dir == null) {
      System.err.println("usage: ParseFloor DIR [--threads=N] [--extract]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    List<Path> docs;
    try (Stream<Path> walk = Files.walk(dir)) {
      docs =
          walk.filter(Files::isRegularFile)
              .filter(p -> DOC_NAME.matcher(p.getFileName().toString()).matches())
              .toList();
    }
    long listed = System.nanoTime();
    AtomicLong bytes = new AtomicLong();
    AtomicLong blocks = new AtomicLong();
    AtomicInteger undecodable = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    boolean withExtractor = extract;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                Parser parser =
                    Parser.builder()
                        .extensions(List.of(TablesExtension.create()))
                        .includeSourceSpans(IncludeSourceSpans.BLOCKS)
                        .build();
                FailureExtractor extractor =
                    withExtractor ? new FailureExtractor(ServiceCatalog.loadDefault()) : null;
                MessageDigest sha = sha256();
                for (int i = next.getAndIncrement(); i < docs.size(); i = next.getAndIncrement()) {
                  Path p = docs.get(i);
                  byte[] b = Files.readAllBytes(p);
                  bytes.addAndGet(b.length);
                  HexFormat.of().formatHex(sha.digest(b));
                  Path meta = metadataPath(p);
                  if (Files.isRegularFile(meta)) {
                    new String(Files.readAllBytes(meta), StandardCharsets.UTF_8);
                  }
                  String text;
                  try {
                    text = TextDecoder.decode(b);
                  } catch (TextDecoder.DecodeException e) {
                    undecodable.incrementAndGet();
                    continue;
                  }
                  if (extractor != null) {
                    extractor.extract(text);
                  } else {
                    Node doc = parser.parse(text);
                    for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
                      blocks.incrementAndGet();
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    pool.shutdown();
    long done = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "floor documents=%d bytes=%d undecodable=%d threads=%d extract=%s list_ms=%d elapsed_ms=%d%n",
        docs.size(),
        bytes.get(),
        undecodable.get(),
        threads,
        extract,
        (listed - t0) / 1_000_000,
        (done - t0) / 1_000_000);
  }

  private static Path metadataPath(Path doc) {
    Path folder = doc.getParent();
    Path task =
        folder.getFileName().toString().equalsIgnoreCase("lib") ? folder.getParent() : folder;
    return task.resolve("metadata.json");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
