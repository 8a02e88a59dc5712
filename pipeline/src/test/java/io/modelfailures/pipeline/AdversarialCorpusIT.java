package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfailures.catalog.ServiceCatalog;
import io.modelfailures.extract.Extraction;
import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.extract.TextDecoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input: an adversarial corpus, generated here (nothing binary is committed), run through
 * the whole pipeline once. Every case must end as exactly one documents row with the expected
 * status and, where quarantined, a clear reason; the run must not crash or hang; and a well-formed
 * document in the same run must parse as it does alone. Each case sits in its own task folder
 * {@code adv/<case>/lib/MODEL_FAILURES.md}.
 *
 * <p>Two inputs are not documents and have no row, by design: a directory named {@code
 * MODEL_FAILURES.md} (a directory is not a file to read; the match skips it) and a symbolic link
 * loop (the match does not follow links into a loop; the document in that folder is read once).
 */
class AdversarialCorpusIT {

  @TempDir static Path tmp;
  static Path in;
  static Path out;
  static Map<String, JsonNode> docs = new LinkedHashMap<>();
  static Map<String, List<JsonNode>> findings = new LinkedHashMap<>();
  static Map<String, List<JsonNode>> failures = new LinkedHashMap<>();
  static List<JsonNode> quarantine;
  static Map<String, Integer> rowsPerCase = new LinkedHashMap<>();
  static long runMillis;

  /** A well-formed document with three failures, one per severity. */
  static final String WELL_FORMED =
      "# Model Failures\n\n"
          + "## 1. S3 bucket is not encrypted\n\n"
          + "**Severity**: High\n\n"
          + "The model left the bucket without server-side encryption. Fixed by adding SSE-KMS.\n\n"
          + "## 2. Lambda timeout too short\n\n"
          + "**Severity**: Medium\n\n"
          + "The function timed out after 3 seconds. Fixed by raising the timeout to 30 seconds.\n\n"
          + "## 3. Missing tags\n\n"
          + "**Severity**: Low\n\n"
          + "Resources had no cost-allocation tags. Fixed by adding the tags.\n";

  static final String METADATA =
      "{\"platform\": \"cdk\", \"language\": \"ts\", \"complexity\": \"medium\","
          + " \"subtask\": \"Adversarial\", \"aws_services\": [\"Amazon S3\"],"
          + " \"training_quality\": 7}";

  /** Case name -> document bytes (null: the case builds its own folder). */
  static final Map<String, byte[]> CASES = new LinkedHashMap<>();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String repeat(int n, java.util.function.IntFunction<String> line) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(line.apply(i));
    }
    return sb.toString();
  }

  /**
   * The well-formed document with the case's name in its title line, so that the copies are not
   * duplicates of each other (a duplicate's failures are listed once, under the first copy).
   */
  static String wellFormed(String name) {
    return WELL_FORMED.replaceFirst("# Model Failures", "# Model Failures: " + name);
  }

  static void cases() {
    CASES.put("control", utf8(wellFormed("control")));
    CASES.put("empty", new byte[0]);
    CASES.put("whitespace-only", utf8(" \n\t\n   \r\n\n"));
    byte[] random = new byte[1024 * 1024];
    new Random(8).nextBytes(random);
    CASES.put("random-1mb", random);
    byte[] invalid = utf8(wellFormed("invalid-utf8"));
    invalid[40] = (byte) 0xC3; // a lead byte followed by ASCII: malformed
    invalid[120] = (byte) 0xFF; // never valid in UTF-8
    CASES.put("invalid-utf8", invalid);
    CASES.put(
        "utf16le-bom", ("\uFEFF" + wellFormed("utf16le-bom")).getBytes(StandardCharsets.UTF_16LE));
    CASES.put(
        "utf16be-bom", ("\uFEFF" + wellFormed("utf16be-bom")).getBytes(StandardCharsets.UTF_16BE));
    CASES.put("utf8-bom", utf8("\uFEFF" + wellFormed("utf8-bom")));
    CASES.put(
        "nul-in-text",
        utf8(wellFormed("nul-in-text").replace("bucket without", "bucket\0without")));
    CASES.put("nul-heavy", utf8("# Model Failures\n" + "a\0".repeat(1000)));
    byte[] oneLine = new byte[30 * 1024 * 1024];
    Arrays.fill(oneLine, (byte) 'x');
    CASES.put("one-line-30mb", oneLine);
    CASES.put("nested-quotes-100k", utf8(">".repeat(100_000) + " deep\n"));
    CASES.put("nested-lists-100k", utf8("- ".repeat(100_000) + "deep\n"));
    CASES.put("headings-200k", utf8(repeat(200_000, i -> "## Section " + i + "\n")));
    CASES.put(
        "table-100k-rows",
        utf8(
            "# Model Failures\n\n## Issues\n\n| # | Issue | Severity |\n|---|---|---|\n"
                + repeat(
                    100_000, i -> "| " + i + " | Bucket " + i + " is not encrypted | High |\n")));
    CASES.put(
        "failures-10k",
        utf8(
            "# Model Failures\n\n"
                + repeat(
                    10_000,
                    i ->
                        "### "
                            + i
                            + ". Queue "
                            + i
                            + " has no dead-letter queue\n\n**Severity**: High\n\n"
                            + "Fixed by adding a redrive policy.\n\n")));
    CASES.put("crlf", utf8(wellFormed("crlf").replace("\n", "\r\n")));
    CASES.put("lone-cr", utf8(wellFormed("lone-cr").replace("\n", "\r")));
    CASES.put(
        "unclosed-fence",
        utf8(
            "# Model Failures\n\n## 1. Wrong runtime\n\n**Severity**: High\n\n```python\n"
                + "x = 1\n".repeat(1000)));
    // Malformed metadata next to a well-formed document: the document parses, with findings.
    for (String m :
        List.of("metadata-truncated", "metadata-array", "metadata-wrong-type", "metadata-10mb")) {
      CASES.put(m, utf8(wellFormed(m)));
    }
    CASES.put("name with spaces", utf8(wellFormed("name with spaces")));
    CASES.put(
        "name 'single' \"double\" quotes", utf8(wellFormed("name 'single' \"double\" quotes")));
    CASES.put("nön-ÄSCII 名前 ✅", utf8(wellFormed("nön-ÄSCII 名前 ✅")));
    CASES.put("glob [chars] {a,b} *?", utf8(wellFormed("glob [chars] {a,b} *?")));
    CASES.put("symlink-loop", utf8(wellFormed("symlink-loop")));
  }

  static Path task(String name) {
    return in.resolve("adv").resolve(name);
  }

  static Path document(String name) {
    return task(name).resolve("lib").resolve("MODEL_FAILURES.md");
  }

  @BeforeAll
  static void generateAndRun() throws IOException {
    in = tmp.resolve("in");
    out = tmp.resolve("out");
    cases();
    for (Map.Entry<String, byte[]> c : CASES.entrySet()) {
      Path doc = document(c.getKey());
      Files.createDirectories(doc.getParent());
      Files.write(doc, c.getValue());
      Path meta = task(c.getKey()).resolve("metadata.json");
      switch (c.getKey()) {
        case "metadata-truncated" -> Files.writeString(meta, METADATA.substring(0, 40));
        case "metadata-array" -> Files.writeString(meta, "[" + METADATA + "]");
        case "metadata-wrong-type" ->
            Files.writeString(
                meta,
                METADATA.replace("\"aws_services\": [\"Amazon S3\"]", "\"aws_services\": 42"));
        case "metadata-10mb" ->
            Files.writeString(
                meta,
                METADATA.replace("\"Adversarial\"", "\"" + "x".repeat(10 * 1024 * 1024) + "\""));
        default -> Files.writeString(meta, METADATA);
      }
    }
    // Symbolic link loops: lib/loop points back at lib, lib/up at the task folder. (Two loops in
    // one folder made Beam's recursive match run forever.)
    Files.createSymbolicLink(document("symlink-loop").getParent().resolve("loop"), Path.of("."));
    Files.createSymbolicLink(document("symlink-loop").getParent().resolve("up"), Path.of(".."));
    // A document that is a link to itself: it cannot be read.
    Path self = document("self-link");
    Files.createDirectories(self.getParent());
    Files.createSymbolicLink(self, self.getFileName());
    Files.writeString(task("self-link").resolve("metadata.json"), METADATA);
    // A directory named like a document, holding a file.
    Path dir = document("directory-named-document");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("notes.txt"), "not a document\n");
    Files.writeString(task("directory-named-document").resolve("metadata.json"), METADATA);

    long start = System.currentTimeMillis();
    TestPaths.runPipeline(
        in.toString(), out, "--enforceImmutability=false", "--enforceEncodability=false");
    runMillis = System.currentTimeMillis() - start;
    for (JsonNode d : TestPaths.rows(out, "documents")) {
      String name = caseOf(d.get("source_path").asText());
      rowsPerCase.merge(name, 1, Integer::sum);
      docs.put(name, d);
    }
    for (JsonNode f : TestPaths.rows(out, "findings")) {
      findings
          .computeIfAbsent(caseOf(f.get("source_path").asText()), k -> new ArrayList<>())
          .add(f);
    }
    for (JsonNode f : TestPaths.rows(out, "failures")) {
      failures
          .computeIfAbsent(caseOf(f.get("source_path").asText()), k -> new ArrayList<>())
          .add(f);
    }
    quarantine = TestPaths.rows(out, "quarantine");
    System.out.printf(
        "adversarial corpus: %d inputs, %d documents rows, in %d ms%n",
        CASES.size() + 2, docs.size(), runMillis);
    docs.forEach(
        (k, d) ->
            System.out.printf(
                "  %-32s %-11s failures=%-5s %s%n",
                k,
                d.get("status").asText(),
                d.get("failure_count").asText(),
                d.get("quarantine_reason").isNull() ? "" : d.get("quarantine_reason").asText()));
  }

  /** "…/adv/<case>/lib/MODEL_FAILURES.md" -> "<case>". */
  static String caseOf(String path) {
    String p = path.replace('\\', '/');
    int lib = p.lastIndexOf("/lib/");
    String task = p.substring(0, lib);
    return task.substring(task.lastIndexOf('/') + 1);
  }

  static String status(String name) {
    return docs.get(name).get("status").asText();
  }

  static String reason(String name) {
    JsonNode r = docs.get(name).get("quarantine_reason");
    return r.isNull() ? null : r.asText();
  }

  static List<String> rules(String name) {
    return findings.getOrDefault(name, List.of()).stream()
        .map(f -> f.get("rule").asText())
        .toList();
  }

  /** Title, severity and lines of each failure: what a reader of the document sees. */
  static List<String> summary(String name) {
    return failures.getOrDefault(name, List.of()).stream()
        .sorted((a, b) -> a.get("ordinal").asInt() - b.get("ordinal").asInt())
        .map(
            f ->
                f.get("title").asText()
                    + " | "
                    + f.get("severity").asText()
                    + " | "
                    + f.get("line_start").asInt()
                    + "-"
                    + f.get("line_end").asInt())
        .toList();
  }

  @Test
  void everyInputIsOneDocumentsRowAndNothingElse() {
    for (String name : CASES.keySet()) {
      assertThat(rowsPerCase.get(name)).as("documents rows of %s", name).isEqualTo(1);
    }
    assertThat(rowsPerCase.get("self-link")).isEqualTo(1);
    // A directory named MODEL_FAILURES.md is not a document: skipped (with a warning), no row.
    assertThat(rowsPerCase).doesNotContainKey("directory-named-document");
    assertThat(docs).hasSize(CASES.size() + 1);
    long quarantined = docs.values().stream().filter(d -> isQuarantined(d)).count();
    assertThat(quarantine).hasSize((int) quarantined);
  }

  static boolean isQuarantined(JsonNode d) {
    return d.get("status").asText().equals("quarantined");
  }

  @Test
  void hostileBytesAreQuarantinedWithAClearReason() {
    Map<String, Predicate<String>> expected = new LinkedHashMap<>();
    expected.put("empty", r -> r.equals("decode: empty file"));
    expected.put("whitespace-only", r -> r.equals("decode: file holds only whitespace"));
    expected.put("random-1mb", r -> r.startsWith("decode: not valid UTF-8"));
    expected.put("invalid-utf8", r -> r.startsWith("decode: not valid UTF-8"));
    expected.put("nul-heavy", r -> r.startsWith("decode: binary content: 1000 control"));
    expected.put(
        "one-line-30mb",
        r -> r.equals("read: document is 31457280 bytes, above --maxDocumentBytes=10485760"));
    expected.put(
        "nested-quotes-100k",
        r ->
            r.equals(
                "parse: nesting-too-deep: a line opens 100000 nested block quotes or list items,"
                    + " above --maxNestingDepth=1000"));
    expected.put("nested-lists-100k", r -> r.startsWith("parse: nesting-too-deep: a line opens"));
    expected.put("self-link", r -> r.startsWith("read: "));
    expected.forEach(
        (name, ok) -> {
          assertThat(status(name)).as(name).isEqualTo("quarantined");
          assertThat(reason(name)).as(name).matches(ok);
        });
    List<String> notQuarantined =
        docs.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
    for (String name : notQuarantined) {
      assertThat(status(name)).as(name).isNotEqualTo("quarantined");
    }
  }

  @Test
  void readableVariantsOfTheWellFormedDocumentParseLikeIt() {
    assertThat(status("control")).isEqualTo("parsed");
    List<String> control = summary("control");
    assertThat(control)
        .containsExactly(
            "S3 bucket is not encrypted | high | 3-7",
            "Lambda timeout too short | medium | 9-13",
            "Missing tags | low | 15-19");
    for (String name :
        List.of(
            "utf16le-bom",
            "utf16be-bom",
            "utf8-bom",
            "nul-in-text",
            "crlf",
            "lone-cr",
            "name with spaces",
            "name 'single' \"double\" quotes",
            "nön-ÄSCII 名前 ✅",
            "glob [chars] {a,b} *?",
            "symlink-loop",
            "metadata-truncated",
            "metadata-array",
            "metadata-wrong-type",
            "metadata-10mb")) {
      assertThat(status(name)).as(name).isEqualTo("parsed");
      assertThat(summary(name)).as(name).isEqualTo(control);
    }
    // The metadata was found next to documents in folders with odd names.
    for (String name :
        List.of("name with spaces", "nön-ÄSCII 名前 ✅", "glob [chars] {a,b} *?", "symlink-loop")) {
      assertThat(docs.get(name).get("subtask").asText()).as(name).isEqualTo("Adversarial");
      assertThat(rules(name)).as(name).doesNotContain("metadata-invalid");
    }
  }

  @Test
  void malformedMetadataIsAFindingNotAFailure() {
    for (String name :
        List.of("metadata-truncated", "metadata-array", "metadata-wrong-type", "metadata-10mb")) {
      assertThat(rules(name)).as(name).contains("metadata-invalid");
    }
    assertThat(
            findings.get("metadata-10mb").stream()
                .map(f -> f.get("message").asText())
                .filter(m -> m.contains("above --maxMetadataBytes=1048576")))
        .isNotEmpty();
  }

  @Test
  void hugeButWellFormedDocumentsAreParsedAndTruncated() {
    for (String name : List.of("failures-10k", "table-100k-rows")) {
      assertThat(status(name)).as(name).isEqualTo("parsed");
      assertThat(docs.get(name).get("failure_count").asInt()).as(name).isEqualTo(5000);
      assertThat(failures.get(name)).as(name).hasSize(5000);
      assertThat(rules(name)).as(name).contains("failures-truncated");
    }
    assertThat(
            findings.get("failures-10k").stream()
                .filter(f -> f.get("rule").asText().equals("failures-truncated"))
                .map(f -> f.get("actual").asText()))
        .containsExactly("10000");
    assertThat(
            findings.get("table-100k-rows").stream()
                .filter(f -> f.get("rule").asText().equals("failures-truncated"))
                .map(f -> f.get("actual").asText()))
        .containsExactly("100000");
    // 200,000 headings with nothing under them: parsed, no failures found in them.
    assertThat(status("headings-200k")).isIn("parsed", "partial");
    assertThat(docs.get("headings-200k").get("failure_count").asInt()).isZero();
    // A fence never closed runs to the end of the document and hides nothing before it.
    assertThat(status("unclosed-fence")).isEqualTo("parsed");
    assertThat(summary("unclosed-fence")).containsExactly("Wrong runtime | high | 3-1007");
  }

  /**
   * Extraction time of the biggest cases that reach extraction, measured directly, in CPU time as
   * the budget counts it: each must be within the default budget of 10 s (200,000 headings, the
   * slowest, take about 3 to 6 s; the pipeline run above would have quarantined any case over it).
   */
  @Test
  @Timeout(120)
  void eachDocumentIsExtractedWellWithinTheDefaultBudget() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    FailureExtractor extractor = new FailureExtractor(ServiceCatalog.loadDefault());
    extractor.extract(WELL_FORMED); // load the classes first
    Map<String, Long> millis = new LinkedHashMap<>();
    for (String name :
        List.of("headings-200k", "table-100k-rows", "failures-10k", "unclosed-fence", "control")) {
      String text = TextDecoder.decode(CASES.get(name));
      long cpu = threads.getCurrentThreadCpuTime();
      Extraction x = extractor.extract(text);
      millis.put(name, (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000);
      assertThat(x.lineCount()).isPositive();
    }
    System.out.println("extraction CPU ms per case: " + millis);
    assertThat(millis.values())
        .allSatisfy(ms -> assertThat(ms).isLessThan(ParseFailures.DEFAULT_TIME_BUDGET_MS));
  }

  /** With a raised size limit the 30 MB one-line document is parsed, within the default budget. */
  @Test
  void aThirtyMegabyteLineParsesWithinBudgetWhenTheLimitAllowsIt(@TempDir Path dir)
      throws IOException {
    Path doc = dir.resolve("in/adv/one-line-30mb/lib/MODEL_FAILURES.md");
    Files.createDirectories(doc.getParent());
    Files.copy(document("one-line-30mb"), doc);
    Path o = dir.resolve("out");
    long start = System.currentTimeMillis();
    TestPaths.runPipeline(
        dir.resolve("in").toString(),
        o,
        "--maxDocumentBytes=" + 40L * 1024 * 1024,
        "--enforceImmutability=false",
        "--enforceEncodability=false");
    System.out.printf(
        "30 MB line with a raised limit: %d ms%n", System.currentTimeMillis() - start);
    List<JsonNode> rows = TestPaths.rows(o, "documents");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("status").asText()).isIn("parsed", "partial");
    assertThat(rows.get(0).get("size_bytes").asLong()).isEqualTo(30L * 1024 * 1024);
  }

  /** A tiny budget quarantines the big document with the reason; the run goes on. */
  @Test
  void aSpentTimeBudgetQuarantinesTheDocumentAndTheRunGoesOn(@TempDir Path dir) throws IOException {
    for (String name : List.of("failures-10k", "table-100k-rows", "control")) {
      Path doc = dir.resolve("in/adv/" + name + "/lib/MODEL_FAILURES.md");
      Files.createDirectories(doc.getParent());
      Files.copy(document(name), doc);
    }
    Path o = dir.resolve("out");
    TestPaths.runPipeline(
        dir.resolve("in").toString(),
        o,
        "--documentTimeBudgetMs=1",
        "--enforceImmutability=false",
        "--enforceEncodability=false");
    Map<String, JsonNode> rows =
        TestPaths.rows(o, "documents").stream()
            .collect(Collectors.toMap(d -> caseOf(d.get("source_path").asText()), d -> d));
    assertThat(rows).containsOnlyKeys("failures-10k", "table-100k-rows", "control");
    for (String big : List.of("failures-10k", "table-100k-rows")) {
      assertThat(rows.get(big).get("status").asText()).isEqualTo("quarantined");
      assertThat(rows.get(big).get("quarantine_reason").asText())
          .startsWith("parse: time-budget-exceeded: extraction used more than")
          .contains("--documentTimeBudgetMs=1");
    }
    assertThat(TestPaths.rows(o, "quarantine"))
        .anyMatch(q -> q.get("error_class").asText().equals("TimeBudgetExceeded"));
  }
}
