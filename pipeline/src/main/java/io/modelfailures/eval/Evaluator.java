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
    Path floors = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--docs" -> docs = true;
        case "--by-layout" -> byLayout = true;
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
    for (Path p : goldFiles) {
      golds.add(readGold(json.readTree(p.toFile())));
    }
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
    if (floors != null && !meetsFloors(json.readTree(floors.toFile()), all.metrics())) {
      System.exit(3);
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
