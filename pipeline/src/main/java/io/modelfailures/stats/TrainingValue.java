package io.modelfailures.stats;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A document's training value: a transparent 0–10 score computed from its extracted failures.
 *
 * <p>Consumes the failures one by one ({@link #add}) and the document's error-level findings; emits
 * a {@link Score}. Four parts, each capped, add up to at most 10:
 *
 * <ul>
 *   <li><b>richness</b>, up to 4: {@code 4 × ln(1 + w) / ln(1 + 40)}, where {@code w} is the
 *       severity-weighted failure count (critical 4, high 3, medium 2, low 1, unrated 1). Forty
 *       weighted points (ten critical failures) earn the full 4; the logarithm keeps very long
 *       documents from dominating.
 *   <li><b>breadth</b>, up to 3: {@code 2 × min(1, services / 6) + min(1, categories / 4)} over the
 *       distinct AWS services and categories the failures touch.
 *   <li><b>fixes</b>, up to 2: {@code 2 ×} the share of failures that carry a fix.
 *   <li><b>consistency</b>, up to 1: {@code 1 − min(1, errors / 4)}, so each error-level finding (a
 *       stated total that disagrees, say) costs a quarter point.
 * </ul>
 *
 * A document without failures scores 0. The score is rounded to two decimals, so that equal inputs
 * give bit-equal outputs whatever the order of addition.
 */
public final class TrainingValue {

  static final double RICHNESS_POINTS = 4.0;
  static final double FULL_WEIGHT = 40.0;
  static final double SERVICE_POINTS = 2.0;
  static final int FULL_SERVICES = 6;
  static final double CATEGORY_POINTS = 1.0;
  static final int FULL_CATEGORIES = 4;
  static final double FIX_POINTS = 2.0;
  static final double CONSISTENCY_POINTS = 1.0;
  static final int ERRORS_TO_ZERO = 4;

  private int failures;
  private int weighted;
  private int withFix;
  private final Set<String> services = new TreeSet<>();
  private final Set<String> categories = new TreeSet<>();

  /** Severity weight: critical 4, high 3, medium 2, low 1; unrated or unknown 1. */
  public static int weight(String severity) {
    if (severity == null) {
      return 1;
    }
    return switch (severity.toLowerCase(Locale.ROOT)) {
      case "critical" -> 4;
      case "high" -> 3;
      case "medium" -> 2;
      default -> 1;
    };
  }

  /** Adds one failure. */
  public TrainingValue add(
      String severity,
      Iterable<? extends CharSequence> failureServices,
      String category,
      boolean hasFix) {
    failures++;
    weighted += weight(severity);
    withFix += hasFix ? 1 : 0;
    if (failureServices != null) {
      for (CharSequence s : failureServices) {
        services.add(s.toString());
      }
    }
    if (category != null && !category.isEmpty()) {
      categories.add(category);
    }
    return this;
  }

  /** The score, given the document's error-level findings. */
  public Score score(int errorFindings) {
    if (failures == 0) {
      return new Score(0.0, 0, 0, 0, null);
    }
    double richness =
        RICHNESS_POINTS * Math.min(1.0, Math.log1p(weighted) / Math.log1p(FULL_WEIGHT));
    double breadth =
        SERVICE_POINTS * Math.min(1.0, services.size() / (double) FULL_SERVICES)
            + CATEGORY_POINTS * Math.min(1.0, categories.size() / (double) FULL_CATEGORIES);
    double coverage = withFix / (double) failures;
    double consistency =
        CONSISTENCY_POINTS * (1.0 - Math.min(1.0, errorFindings / (double) ERRORS_TO_ZERO));
    double value = richness + breadth + FIX_POINTS * coverage + consistency;
    return new Score(round2(value), weighted, services.size(), categories.size(), round2(coverage));
  }

  static double round2(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  /** The score and the components a reader needs to check it. */
  public record Score(
      double value,
      int severityWeighted,
      int distinctServices,
      int distinctCategories,
      Double fixCoverage) {}
}
