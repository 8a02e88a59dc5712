package io.modelfailures.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thresholds that decide whether a run's output is good enough to use.
 *
 * <p>Consumes a JSON gate file:
 *
 * <pre>{@code
 * {"rules": {"declared-total-mismatch": {"maxRate": 0.25}, "empty-document": {"maxCount": 0}},
 *  "minParsedRate": 0.95, "maxQuarantined": 10}
 * }</pre>
 *
 * <p>and a run's counts; emits one {@link Check} per threshold. {@code maxCount} bounds a rule's
 * hits, {@code maxRate} the share of documents it hits, {@code minParsedRate} the share of
 * documents whose status is {@code parsed}, {@code maxQuarantined} the number quarantined, and
 * {@code maxDriftBreaches} the drift rows that breached {@code --driftThreshold} against {@code
 * --previous} (none without it).
 */
public final class QualityGate {

  private static final Set<String> TOP_LEVEL =
      Set.of("rules", "minParsedRate", "maxQuarantined", "maxDriftBreaches");
  private static final Set<String> RULE_KEYS = Set.of("maxCount", "maxRate");

  private final Map<String, Double> maxCount = new LinkedHashMap<>();
  private final Map<String, Double> maxRate = new LinkedHashMap<>();
  private Double minParsedRate;
  private Double maxQuarantined;
  private Double maxDriftBreaches;

  private QualityGate() {}

  /** One threshold and how the run measured against it. */
  public record Check(String threshold, double limit, double actual, boolean passed) {}

  /** A run's counts, as the gate reads them. */
  public record RunCounts(
      long documents,
      long parsed,
      long quarantined,
      Map<String, Long> ruleHits,
      Map<String, Long> ruleDocuments,
      long driftBreaches) {}

  /** Parses a gate file's JSON; throws {@link IllegalArgumentException} with the reason. */
  public static QualityGate parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("gate file is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("gate file must hold a JSON object");
    }
    QualityGate g = new QualityGate();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL.contains(key)) {
        throw new IllegalArgumentException("unknown gate key '" + key + "'; expected " + TOP_LEVEL);
      }
    }
    g.minParsedRate = number(root, "minParsedRate");
    g.maxQuarantined = number(root, "maxQuarantined");
    g.maxDriftBreaches = number(root, "maxDriftBreaches");
    JsonNode rules = root.path("rules");
    if (!rules.isMissingNode() && !rules.isObject()) {
      throw new IllegalArgumentException("'rules' must be an object of rule id -> thresholds");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (ruleById(e.getKey()) == null) {
        throw new IllegalArgumentException("unknown rule '" + e.getKey() + "' in gate file");
      }
      for (Iterator<String> k = e.getValue().fieldNames(); k.hasNext(); ) {
        String name = k.next();
        if (!RULE_KEYS.contains(name)) {
          throw new IllegalArgumentException(
              "unknown threshold '"
                  + name
                  + "' for rule "
                  + e.getKey()
                  + "; expected "
                  + RULE_KEYS);
        }
      }
      Double count = number(e.getValue(), "maxCount");
      Double rate = number(e.getValue(), "maxRate");
      if (count != null) {
        g.maxCount.put(e.getKey(), count);
      }
      if (rate != null) {
        g.maxRate.put(e.getKey(), rate);
      }
    }
    return g;
  }

  private static Rule ruleById(String id) {
    for (Rule r : Rule.values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }

  private static Double number(JsonNode node, String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw new IllegalArgumentException("'" + field + "' must be a number, found " + n);
    }
    return n.asDouble();
  }

  /** Measures the run against every threshold. */
  public List<Check> evaluate(RunCounts run) {
    List<Check> checks = new ArrayList<>();
    double docs = Math.max(1, run.documents());
    if (minParsedRate != null) {
      double rate = run.documents() == 0 ? 0.0 : run.parsed() / docs;
      checks.add(new Check("minParsedRate", minParsedRate, rate, rate >= minParsedRate));
    }
    if (maxQuarantined != null) {
      checks.add(
          new Check(
              "maxQuarantined",
              maxQuarantined,
              run.quarantined(),
              run.quarantined() <= maxQuarantined));
    }
    if (maxDriftBreaches != null) {
      checks.add(
          new Check(
              "maxDriftBreaches",
              maxDriftBreaches,
              run.driftBreaches(),
              run.driftBreaches() <= maxDriftBreaches));
    }
    maxCount.forEach(
        (rule, limit) -> {
          long hits = run.ruleHits().getOrDefault(rule, 0L);
          checks.add(new Check("rules." + rule + ".maxCount", limit, hits, hits <= limit));
        });
    maxRate.forEach(
        (rule, limit) -> {
          double rate = run.ruleDocuments().getOrDefault(rule, 0L) / docs;
          checks.add(new Check("rules." + rule + ".maxRate", limit, rate, rate <= limit));
        });
    return checks;
  }

  public static boolean passed(List<Check> checks) {
    return checks.stream().allMatch(Check::passed);
  }
}
