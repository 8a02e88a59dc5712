package io.modelfailures.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Builds a synthetic corpus of any size for the benchmark by mutating real documents.
 *
 * <p>Consumes a source folder of {@code <platform>/<PR>/lib/MODEL_FAILURES.md} documents (with
 * their {@code metadata.json}); writes {@code count} documents in the same layout, {@code
 * <platform>/Pr<n>/lib/MODEL_FAILURES.md} plus {@code <platform>/Pr<n>/metadata.json}. Each output
 * document is a source document (or a splice of two, mixing their layouts) whose heading titles,
 * severity words and entry numbers are edited and whose level-2/3 sections are sometimes dropped or
 * repeated. Document {@code n} depends only on the seed, {@code n} and the sorted source list, so a
 * run is reproducible byte for byte whatever the thread count.
 *
 * <p>Usage: {@code SyntheticCorpus --source=DIR --out=DIR [--count=10000] [--seed=42]}
 */
public final class SyntheticCorpus {

  private static final Pattern DOC_NAME = Pattern.compile("(?i)^model_failures[^/\\\\]*\\.md$");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
  private static final Pattern NUMBERED = Pattern.compile("^(#{1,6}\\s+|\\*\\*)?(\\d{1,3})([.):])");
  private static final Pattern SEVERITY =
      Pattern.compile("\\b(Critical|CRITICAL|High|HIGH|Medium|MEDIUM|Low|LOW)\\b");
  private static final String[] SEVERITIES = {"Critical", "High", "Medium", "Low"};
  private static final String[] TITLE_WORDS = {
    "Missing",
    "Incorrect",
    "Insecure",
    "Hardcoded",
    "Unused",
    "Outdated",
    "Overly broad",
    "Misconfigured",
    "Duplicate",
    "Untested"
  };
  private static final String[] TITLE_TAILS = {
    "IAM policy", "S3 bucket encryption", "VPC subnet routing", "Lambda timeout",
        "KMS key rotation",
    "RDS backup retention", "security group rule", "CloudWatch alarm", "resource tags",
        "stack output"
  };

  /**
   * A source document: its bytes, its text (null when they are not UTF-8, so never mutated) and its
   * task's metadata.json (null when the task has none).
   */
  record Source(String platform, byte[] raw, String text, String metadata) {}

  private SyntheticCorpus() {}

  public static void main(String[] args) throws IOException {
    String source = null;
    String out = null;
    int count = 10_000;
    long seed = 42;
    for (String a : args) {
      if (a.startsWith("--source=")) {
        source = a.substring("--source=".length());
      } else if (a.startsWith("--out=")) {
        out = a.substring("--out=".length());
      } else if (a.startsWith("--count=")) {
        count = Integer.parseInt(a.substring("--count=".length()));
      } else if (a.startsWith("--seed=")) {
        seed = Long.parseLong(a.substring("--seed=".length()));
      } else {
        System.err.println(
            "usage: SyntheticCorpus --source=DIR --out=DIR [--count=10000] [--seed=42]");
        System.exit(2);
      }
    }
    if (source == null || out == null) {
      System.err.println("usage: SyntheticCorpus --source=DIR --out=DIR [--count=N] [--seed=S]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    long bytes = generate(Path.of(source), Path.of(out), count, seed);
    System.out.printf(
        Locale.ROOT,
        "wrote %d documents (%.1f MB) to %s in %.1fs%n",
        count,
        bytes / 1e6,
        out,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Writes {@code count} documents under {@code out}; returns the documents' total bytes. */
  public static long generate(Path sourceDir, Path out, int count, long seed) throws IOException {
    List<Source> sources = load(sourceDir);
    if (sources.isEmpty()) {
      throw new IOException("no MODEL_FAILURES*.md under " + sourceDir);
    }
    Files.createDirectories(out);
    return IntStream.range(0, count)
        .parallel()
        .mapToLong(
            n -> {
              try {
                return write(out, n, sources, seed);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .sum();
  }

  static List<Source> load(Path dir) throws IOException {
    List<Path> docs;
    try (Stream<Path> walk = Files.walk(dir)) {
      docs =
          walk.filter(Files::isRegularFile)
              .filter(p -> DOC_NAME.matcher(p.getFileName().toString()).matches())
              .sorted()
              .toList();
    }
    List<Source> sources = new ArrayList<>();
    for (Path p : docs) {
      byte[] bytes = Files.readAllBytes(p);
      // Undecodable and empty samples are kept as they are: they exercise quarantine at scale.
      String text;
      try {
        text =
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        text = null;
      }
      Path folder = p.getParent();
      Path task =
          folder.getFileName().toString().equalsIgnoreCase("lib") ? folder.getParent() : folder;
      Path meta = task.resolve("metadata.json");
      String metadata = Files.isRegularFile(meta) ? Files.readString(meta) : null;
      Path rel = dir.relativize(task);
      String platform = rel.getNameCount() > 1 ? rel.getName(0).toString() : "misc";
      sources.add(new Source(platform, bytes, text, metadata));
    }
    return sources;
  }

  private static long write(Path out, int n, List<Source> sources, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
    Source base = sources.get(rnd.nextInt(sources.size()));
    byte[] bytes =
        base.text() == null
            ? base.raw()
            : mutate(base, sources, rnd).getBytes(StandardCharsets.UTF_8);
    Path task = out.resolve(base.platform()).resolve(String.format(Locale.ROOT, "Pr%07d", n));
    Files.createDirectories(task.resolve("lib"));
    Files.write(task.resolve("lib").resolve("MODEL_FAILURES.md"), bytes);
    if (base.metadata() != null) {
      Files.writeString(task.resolve("metadata.json"), base.metadata());
    }
    return bytes.length;
  }

  /** The mutated text of one document. */
  static String mutate(Source base, List<Source> sources, SplittableRandom rnd) {
    // One in twenty stays an exact copy: duplicates must be found at scale too.
    if (rnd.nextInt(20) == 0) {
      return base.text();
    }
    String other = sources.get(rnd.nextInt(sources.size())).text();
    List<List<String>> sections = sections(base.text());
    // One in five mixes layouts: this document's preamble, another's entries.
    if (rnd.nextInt(5) == 0 && other != null) {
      List<List<String>> entries = sections(other);
      if (entries.size() > 1) {
        List<List<String>> mixed = new ArrayList<>(sections.subList(0, 1));
        mixed.addAll(entries.subList(1, entries.size()));
        sections = mixed;
      }
    }
    // Drop an entry, or repeat one.
    if (sections.size() > 2) {
      int roll = rnd.nextInt(4);
      if (roll == 0) {
        sections.remove(1 + rnd.nextInt(sections.size() - 1));
      } else if (roll == 1) {
        int i = 1 + rnd.nextInt(sections.size() - 1);
        sections.add(i, new ArrayList<>(sections.get(i)));
      }
    }
    int renumber = rnd.nextInt(3) - 1;
    int severityShift = rnd.nextInt(4);
    List<String> lines = new ArrayList<>();
    for (List<String> section : sections) {
      for (String line : section) {
        lines.add(mutateLine(line, renumber, severityShift, rnd));
      }
    }
    return String.join("\n", lines);
  }

  private static String mutateLine(
      String line, int renumber, int severityShift, SplittableRandom rnd) {
    String s = line;
    Matcher num = NUMBERED.matcher(s);
    if (renumber != 0 && num.find()) {
      int n = Math.max(1, Integer.parseInt(num.group(2)) + renumber);
      s =
          s.substring(0, num.start(2))
              + n
              + s.substring(num.end(2)); // keeps the heading marks and the delimiter
    }
    Matcher h = HEADING.matcher(s);
    if (h.matches() && rnd.nextInt(3) == 0) {
      String title = h.group(2);
      s =
          switch (rnd.nextInt(3)) {
            case 0 -> h.group(1) + " " + title + " (" + pick(TITLE_TAILS, rnd) + ")";
            case 1 -> h.group(1) + " " + pick(TITLE_WORDS, rnd) + " " + title;
            default -> h.group(1) + " " + title.toUpperCase(Locale.ROOT);
          };
    }
    if (severityShift != 0 && s.length() < 400) {
      Matcher m = SEVERITY.matcher(s);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String word = m.group(1);
        int i = 0;
        while (!SEVERITIES[i].equalsIgnoreCase(word)) {
          i++;
        }
        String to = SEVERITIES[(i + severityShift) % SEVERITIES.length];
        if (word.equals(word.toUpperCase(Locale.ROOT))) {
          to = to.toUpperCase(Locale.ROOT);
        }
        m.appendReplacement(b, to);
      }
      m.appendTail(b);
      s = b.toString();
    }
    return s;
  }

  private static String pick(String[] words, SplittableRandom rnd) {
    return words[rnd.nextInt(words.length)];
  }

  /** Splits a document at level-2 and level-3 headings; section 0 is the preamble. */
  static List<List<String>> sections(String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    out.add(current);
    boolean fence = false;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("```")) {
        fence = !fence;
      }
      if (!fence && (line.startsWith("## ") || line.startsWith("### "))) {
        current = new ArrayList<>();
        out.add(current);
      }
      current.add(line);
    }
    return out;
  }
}
