package io.modelfailures.report;

import static io.modelfailures.report.TableReader.asDouble;
import static io.modelfailures.report.TableReader.asLong;
import static io.modelfailures.report.TableReader.asString;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * What the report shows, taken from the statistics tables and nothing else, so that every number in
 * it can be found in a table.
 *
 * <p>Consumes a {@link TableReader} over a finished output; emits plain values for {@link
 * ReportWriter}.
 */
public record ReportData(
    Map<String, Long> documentsByStatus,
    long failures,
    long errorFindings,
    Map<String, Map<String, Long>> severityByPlatform,
    List<ServiceRow> topServices,
    List<QualityRow> byQuality,
    List<RuleRow> rules,
    List<PatternRow> topPatterns,
    Map<String, Double> spearman) {

  static final String ALL = "*";
  static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "unknown");
  static final int TOP = 15;

  /** A service and its failures by severity. */
  public record ServiceRow(String service, long failures, long[] bySeverity, long documents) {}

  /** A training_quality bucket and the distribution of failures per document in it. */
  public record QualityRow(
      String quality,
      long documents,
      double mean,
      long min,
      double p25,
      double median,
      double p75,
      double p90,
      long max,
      double meanTrainingValue) {}

  /** A rule and its hits. */
  public record RuleRow(String rule, String level, long hits, long documentsHit) {}

  /** A recurring failure. */
  public record PatternRow(
      String patternId,
      String pattern,
      String services,
      long failures,
      long documents,
      String severity,
      String exampleTitle,
      String exampleFailureId) {}

  /** Reads the tables of a finished output. */
  public static ReportData read(TableReader tables) throws IOException {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    long errors = 0;
    for (String s : List.of(ALL, "parsed", "partial", "quarantined")) {
      byStatus.put(s, 0L);
    }
    for (GenericRecord r : tables.read("stats_documents")) {
      if (ALL.equals(asString(r, "platform")) && ALL.equals(asString(r, "language"))) {
        byStatus.put(asString(r, "status"), asLong(r, "documents"));
        if (ALL.equals(asString(r, "status"))) {
          errors = asLong(r, "error_findings");
        }
      }
    }
    long failures = 0;
    Map<String, Map<String, Long>> severityByPlatform = new TreeMap<>();
    for (GenericRecord r : tables.read("stats_failures")) {
      boolean allLanguages = ALL.equals(asString(r, "language"));
      boolean allCategories = ALL.equals(asString(r, "category"));
      String platform = asString(r, "platform");
      String severity = asString(r, "severity");
      if (!allLanguages || !allCategories) {
        continue;
      }
      if (ALL.equals(platform) && ALL.equals(severity)) {
        failures = asLong(r, "failures");
      } else if (!ALL.equals(platform) && !ALL.equals(severity)) {
        severityByPlatform
            .computeIfAbsent(platform, k -> new TreeMap<>())
            .put(severity, asLong(r, "failures"));
      }
    }
    return new ReportData(
        byStatus,
        failures,
        errors,
        severityByPlatform,
        services(tables),
        quality(tables),
        rules(tables),
        patterns(tables),
        spearman(tables));
  }

  private static List<ServiceRow> services(TableReader tables) throws IOException {
    List<ServiceRow> rows = new ArrayList<>();
    for (GenericRecord r : tables.read("stats_services")) {
      long[] sev = {
        asLong(r, "critical"),
        asLong(r, "high"),
        asLong(r, "medium"),
        asLong(r, "low"),
        asLong(r, "unrated")
      };
      rows.add(
          new ServiceRow(
              asString(r, "service"), asLong(r, "failures"), sev, asLong(r, "documents")));
    }
    rows.sort(
        Comparator.comparingLong(ServiceRow::failures)
            .reversed()
            .thenComparing(ServiceRow::service));
    return rows.subList(0, Math.min(TOP, rows.size()));
  }

  private static List<QualityRow> quality(TableReader tables) throws IOException {
    List<QualityRow> rows = new ArrayList<>();
    for (GenericRecord r : tables.read("stats_training_value")) {
      rows.add(
          new QualityRow(
              asString(r, "training_quality"),
              asLong(r, "documents"),
              asDouble(r, "mean_failures"),
              asLong(r, "min_failures"),
              asDouble(r, "p25_failures"),
              asDouble(r, "median_failures"),
              asDouble(r, "p75_failures"),
              asDouble(r, "p90_failures"),
              asLong(r, "max_failures"),
              asDouble(r, "mean_training_value")));
    }
    // Numeric buckets in order, then "unknown", then the total.
    rows.sort(Comparator.comparing(q -> qualityOrder(q.quality())));
    return rows;
  }

  static String qualityOrder(String q) {
    if (q.matches("-?\\d+")) {
      return String.format("0%012d", Long.parseLong(q) + 1_000_000);
    }
    return (ALL.equals(q) ? "2" : "1") + q;
  }

  private static List<RuleRow> rules(TableReader tables) throws IOException {
    List<RuleRow> rows = new ArrayList<>();
    for (GenericRecord r : tables.read("rule_summary")) {
      rows.add(
          new RuleRow(
              asString(r, "rule"),
              asString(r, "level"),
              asLong(r, "hits"),
              asLong(r, "documents_hit")));
    }
    rows.sort(Comparator.comparingLong(RuleRow::hits).reversed().thenComparing(RuleRow::rule));
    return rows;
  }

  private static List<PatternRow> patterns(TableReader tables) throws IOException {
    List<PatternRow> rows = new ArrayList<>();
    for (GenericRecord r : tables.read("failure_patterns")) {
      rows.add(
          new PatternRow(
              asString(r, "pattern_id"),
              asString(r, "pattern"),
              String.join(", ", strings(r.get("services"))),
              asLong(r, "failures"),
              asLong(r, "documents"),
              asString(r, "typical_severity"),
              asString(r, "example_title"),
              asString(r, "example_failure_id")));
    }
    rows.sort(
        Comparator.comparingLong(PatternRow::failures)
            .reversed()
            .thenComparing(PatternRow::patternId));
    return rows.subList(0, Math.min(TOP, rows.size()));
  }

  private static Map<String, Double> spearman(TableReader tables) throws IOException {
    Map<String, Double> rho = new TreeMap<>();
    for (GenericRecord r : tables.read("stats_correlation")) {
      rho.put(asString(r, "platform"), asDouble(r, "spearman"));
    }
    return rho;
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    if (list instanceof Iterable<?> it) {
      for (Object o : it) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }
}
