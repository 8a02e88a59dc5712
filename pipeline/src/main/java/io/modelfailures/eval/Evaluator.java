package io.modelfailures.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfailures.catalog.ServiceCatalog;
import io.modelfailures.extract.ExtractedFailure;
import io.modelfailures.extract.Extraction;
import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.extract.TextDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Command-line evaluation of the extractor against gold labels: {@code scripts/eval.sh GOLD_DIR}.
 *
 * <p>Consumes a directory of gold JSON files (see the shared LABELING.md) and the corpus they name;
 * runs the same extraction as the pipeline on each labelled document and prints the reference
 * scorer's metrics. Options: {@code --docs} prints per-document misses, {@code --by-layout} prints
 * detection per layout, {@code --corpus DIR} overrides where documents are read from (default:
 * GOLD_DIR/../../corpus), {@code --floors FILE} exits with status 3 when a metric is below its
 * floor.
 */
public final class Evaluator {

  private Evaluator() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println(
          "usage: eval.sh GOLD_DIR [--docs] [--by-layout] [--corpus DIR] [--floors FILE]");
      System.exit(2);
    }
    Path goldDir = Path.of(args[0]);
    Path corpus = goldDir.toAbsolutePath().getParent().getParent().resolve("corpus");
    boolean docs = false;
    boolean byLayout = false;
    boolean rules = false;
    Path floors = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--docs" -> docs = true;
        case "--by-layout" -> byLayout = true;
        case "--rules" -> rules = true;
        case "--corpus" -> corpus = Path.of(args[++i]);
        case "--floors" -> floors = Path.of(args[++i]);
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    FailureExtractor extractor = new FailureExtractor(ServiceCatalog.loadDefault());
    Scorer all = new Scorer();
    Map<String, Scorer> layouts = new TreeMap<>();
    List<Path> goldFiles;
    try (Stream<Path> s = Files.list(goldDir)) {
      goldFiles = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<Scorer.Gold> golds = new ArrayList<>();
    Map<String, JsonNode> goldJson = new TreeMap<>();
    for (Path p : goldFiles) {
      JsonNode g = json.readTree(p.toFile());
      golds.add(readGold(g));
      goldJson.put(g.path("file").asText(), g);
    }
    RuleScore totalRule = new RuleScore("declared-total-mismatch");
    RuleScore countRule = new RuleScore("declared-severity-count-mismatch");
    golds.sort((a, b) -> a.file().compareTo(b.file()));
    for (Scorer.Gold gold : golds) {
      Path doc = corpus.resolve(gold.file());
      List<Scorer.Predicted> pred = new ArrayList<>();
      Scorer.PredictedDoc pdoc = null;
      String layout = "missing";
      if (Files.isRegularFile(doc)) {
        byte[] bytes = Files.readAllBytes(doc);
        try {
          Extraction x = extractor.extract(TextDecoder.decode(bytes));
          layout = x.layout();
          for (ExtractedFailure f : x.failures()) {
            pred.add(
                new Scorer.Predicted(
                    f.title(),
                    f.lineStart(),
                    f.severity(),
                    f.categoryRaw(),
                    f.services(),
                    f.hasFix()));
          }
          pdoc = new Scorer.PredictedDoc(x.declaredTotal(), x.declaredTrainingScore());
          java.util.Set<String> fired = new java.util.HashSet<>();
          io.modelfailures.validate.DocumentValidator.validate(x, NO_METADATA)
              .forEach(h -> fired.add(h.rule().id()));
          JsonNode g = goldJson.get(gold.file());
          totalRule.add(gold.file(), totalMismatch(g), fired.contains(totalRule.rule));
          countRule.add(gold.file(), countMismatch(g), fired.contains(countRule.rule));
        } catch (TextDecoder.DecodeException e) {
          layout = "undecodable";
        }
      }
      all.add(gold, pred, pdoc);
      layouts.computeIfAbsent(layout, k -> new Scorer()).add(gold, pred, pdoc);
    }
    all.metrics().forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
    if (docs) {
      for (Scorer.DocResult d : all.perDocument()) {
        boolean ok = d.gold() == d.predicted() && d.predicted() == d.matched();
        System.out.printf(
            "  gold=%3d pred=%3d match=%3d  %s%s%n",
            d.gold(), d.predicted(), d.matched(), d.file(), ok ? "" : "  <--");
        for (String m : d.misses()) {
          System.out.println("      " + m);
        }
      }
    }
    if (byLayout) {
      System.out.println();
      System.out.printf(
          "%-26s %5s %8s %9s %8s %8s %8s%n",
          "layout", "docs", "detect", "severity", "service", "has_fix", "category");
      layouts.forEach(
          (k, s) -> {
            Map<String, Number> m = s.metrics();
            System.out.printf(
                "%-26s %5s %8s %9s %8s %8s %8s%n",
                k,
                m.get("docs_gold"),
                m.get("detect_f1"),
                m.get("severity_acc"),
                m.get("service_f1"),
                m.get("has_fix_acc"),
                m.get("category_acc"));
          });
    }
    if (rules) {
      System.out.println();
      totalRule.print();
      countRule.print();
    }
    if (floors != null && !meetsFloors(json.readTree(floors.toFile()), all.metrics())) {
      System.exit(3);
    }
  }

  private static final io.modelfailures.metadata.TaskMetadata NO_METADATA =
      new io.modelfailures.metadata.TaskMetadata(
          null, null, null, null, List.of(), List.of(), null, null, List.of());

  /** Truth from the labels: the stated total differs from the labelled failures. */
  static boolean totalMismatch(JsonNode g) {
    return g.hasNonNull("declared_total")
        && g.get("declared_total").asInt() != g.path("failures").size();
  }

  /** Truth from the labels: a stated per-severity count differs from the labelled count. */
  static boolean countMismatch(JsonNode g) {
    JsonNode counts = g.get("declared_counts");
    if (counts == null || !counts.isObject()) {
      return false;
    }
    var it = counts.fields();
    while (it.hasNext()) {
      var e = it.next();
      int found = 0;
      for (JsonNode f : g.path("failures")) {
        found += e.getKey().equals(f.path("severity").asText(null)) ? 1 : 0;
      }
      if (found != e.getValue().asInt()) {
        return true;
      }
    }
    return false;
  }

  /** Precision and recall of one rule against truth derived from the labels. */
  static final class RuleScore {
    final String rule;
    int tp;
    int fp;
    int fn;
    final List<String> misses = new ArrayList<>();

    RuleScore(String rule) {
      this.rule = rule;
    }

    void add(String file, boolean truth, boolean fired) {
      if (truth && fired) {
        tp++;
      } else if (fired) {
        fp++;
        misses.add("false alarm  " + file);
      } else if (truth) {
        fn++;
        misses.add("missed       " + file);
      }
    }

    void print() {
      double p = tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
      double r = tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
      System.out.printf(
          "%-34s precision %.3f recall %.3f (tp=%d fp=%d fn=%d)%n", rule, p, r, tp, fp, fn);
      misses.forEach(m -> System.out.println("    " + m));
    }
  }

  private static boolean meetsFloors(JsonNode floors, Map<String, Number> metrics) {
    boolean ok = true;
    var it = floors.fields();
    while (it.hasNext()) {
      var e = it.next();
      Number got = metrics.get(e.getKey());
      double floor = e.getValue().asDouble();
      if (got == null || got.doubleValue() < floor) {
        System.out.printf("FLOOR FAILED: %s = %s < %s%n", e.getKey(), got, floor);
        ok = false;
      }
    }
    if (ok) {
      System.out.println("all floors met");
    }
    return ok;
  }

  private static Scorer.Gold readGold(JsonNode g) {
    List<Scorer.GoldFailure> failures = new ArrayList<>();
    for (JsonNode f : g.path("failures")) {
      List<String> services = new ArrayList<>();
      f.path("services").forEach(s -> services.add(s.asText()));
      failures.add(
          new Scorer.GoldFailure(
              f.path("title").asText(""),
              f.hasNonNull("line") ? f.get("line").asInt() : null,
              f.hasNonNull("severity") ? f.get("severity").asText() : null,
              f.hasNonNull("category") ? f.get("category").asText() : null,
              services,
              f.path("has_fix").asBoolean(false)));
    }
    return new Scorer.Gold(
        g.path("file").asText(),
        g.path("sha256").asText(),
        g.hasNonNull("declared_total") ? g.get("declared_total").asInt() : null,
        g.hasNonNull("declared_training_score")
            ? g.get("declared_training_score").asDouble()
            : null,
        failures);
  }
}
