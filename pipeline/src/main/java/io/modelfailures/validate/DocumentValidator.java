package io.modelfailures.validate;

import io.modelfailures.extract.ExtractedFailure;
import io.modelfailures.extract.Extraction;
import io.modelfailures.metadata.TaskMetadata;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one document against its own claims and its task's metadata.
 *
 * <p>Consumes an {@link Extraction} and the normalised {@link TaskMetadata}; emits {@link Hit}s.
 * Cross-document rules (duplicate-document) are applied by the pipeline, which sees all documents.
 */
public final class DocumentValidator {

  private DocumentValidator() {}

  public static List<Hit> validate(Extraction x, TaskMetadata meta) {
    List<Hit> hits = new ArrayList<>();
    List<ExtractedFailure> failures = x.failures();
    declared(x, hits);
    numbering(failures, hits);
    severities(x, hits);
    for (ExtractedFailure f : failures) {
      if (!f.hasFix()) {
        hits.add(
            new Hit(
                Rule.FIX_MISSING,
                "entry states no fix: " + f.title(),
                f.lineStart(),
                "a fix",
                null));
      }
    }
    if (x.declaredTrainingScore() != null
        && meta.trainingQuality() != null
        && Math.abs(x.declaredTrainingScore() - meta.trainingQuality()) > 0.01) {
      hits.add(
          new Hit(
              Rule.TRAINING_SCORE_MISMATCH,
              "document declares training score "
                  + fmt(x.declaredTrainingScore())
                  + " but metadata.json says "
                  + fmt(meta.trainingQuality()),
              x.declaredTrainingScoreLine(),
              fmt(meta.trainingQuality()),
              fmt(x.declaredTrainingScore())));
    }
    for (TaskMetadata.Problem p : meta.problems()) {
      hits.add(
          new Hit(
              Rule.METADATA_INVALID,
              "metadata.json " + p.field() + ": expected " + p.expected() + ", found " + p.actual(),
              null,
              p.expected(),
              p.actual()));
    }
    for (String s : meta.unmappedServices()) {
      hits.add(
          new Hit(
              Rule.METADATA_SERVICE_UNMAPPED,
              "aws_services spelling not in catalog: " + s,
              null,
              "a catalogued service",
              s));
    }
    if (failures.isEmpty() && !x.noFailuresStated()) {
      hits.add(
          new Hit(
              Rule.EMPTY_DOCUMENT,
              "no failures found and the document does not say there are none",
              null,
              "failures or a no-failures statement",
              "0 failures"));
    }
    return hits;
  }

  private static void declared(Extraction x, List<Hit> hits) {
    int found = x.failures().size();
    if (x.declaredTotal() != null && x.declaredTotal() != found) {
      hits.add(
          new Hit(
              Rule.DECLARED_TOTAL_MISMATCH,
              "document states " + x.declaredTotal() + " failures but lists " + found,
              x.declaredTotalLine(),
              String.valueOf(x.declaredTotal()),
              String.valueOf(found)));
    }
    Map<String, Integer> counts = countBySeverity(x.failures());
    for (Map.Entry<String, Integer> e : x.declaredCounts().entrySet()) {
      int actual = counts.getOrDefault(e.getKey(), 0);
      if (actual != e.getValue()) {
        hits.add(
            new Hit(
                Rule.DECLARED_SEVERITY_COUNT_MISMATCH,
                "document states "
                    + e.getValue()
                    + " "
                    + e.getKey()
                    + " but entries mark "
                    + actual,
                x.declaredCountsLine(),
                e.getKey() + "=" + e.getValue(),
                e.getKey() + "=" + actual));
      }
    }
  }

  static Map<String, Integer> countBySeverity(List<ExtractedFailure> failures) {
    Map<String, Integer> out = new java.util.HashMap<>();
    for (ExtractedFailure f : failures) {
      if (f.severity() != null) {
        out.merge(f.severity(), 1, Integer::sum);
      }
    }
    return out;
  }

  /**
   * Numbering is checked per run of entries that share a label kind ("ERROR", "Bug", plain digits).
   * A run restarts when a label returns to 1, as documents number each section anew. Sub-entries
   * such as "9a" are not part of the sequence.
   */
  private static void numbering(List<ExtractedFailure> failures, List<Hit> hits) {
    Map<String, List<ExtractedFailure>> byKind = new java.util.LinkedHashMap<>();
    for (ExtractedFailure f : failures) {
      if (f.label() == null || f.number() < 0 || !f.label().matches("(?i).*?\\d+$")) {
        continue;
      }
      String kind = f.label().replaceAll("\\d+$", "").trim().toLowerCase(java.util.Locale.ROOT);
      byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
    }
    for (List<ExtractedFailure> seq : byKind.values()) {
      Set<Integer> seen = new HashSet<>();
      int prev = 0;
      for (ExtractedFailure f : seq) {
        int n = f.number();
        if (n == 1 && prev >= 1) {
          seen.clear();
          prev = 0;
        }
        if (seen.contains(n)) {
          hits.add(
              new Hit(
                  Rule.NUMBERING_DUPLICATE,
                  "number " + n + " repeats (" + f.label() + ")",
                  f.lineStart(),
                  String.valueOf(prev + 1),
                  String.valueOf(n)));
        } else if (n < prev) {
          hits.add(
              new Hit(
                  Rule.NUMBERING_OUT_OF_ORDER,
                  f.label() + " follows " + prev,
                  f.lineStart(),
                  "> " + prev,
                  String.valueOf(n)));
        } else if (n > prev + 1) {
          hits.add(
              new Hit(
                  Rule.NUMBERING_GAP,
                  "numbering skips "
                      + (n - prev - 1 == 1 ? String.valueOf(prev + 1) : (prev + 1) + "-" + (n - 1))
                      + " before "
                      + f.label(),
                  f.lineStart(),
                  String.valueOf(prev + 1),
                  String.valueOf(n)));
        }
        seen.add(n);
        prev = Math.max(prev, n);
      }
    }
  }

  private static void severities(Extraction x, List<Hit> hits) {
    boolean anyRated = false;
    for (ExtractedFailure f : x.failures()) {
      anyRated |= f.severity() != null;
    }
    for (ExtractedFailure f : x.failures()) {
      if (f.severity() == null) {
        if (anyRated) {
          hits.add(
              new Hit(
                  Rule.SEVERITY_MISSING,
                  "entry has no severity: " + f.title(),
                  f.lineStart(),
                  "a severity",
                  null));
        }
        continue;
      }
      if (!"entry".equals(f.severitySource())) {
        continue;
      }
      if (f.sectionSeverity() != null && !f.sectionSeverity().equals(f.severity())) {
        hits.add(
            new Hit(
                Rule.SEVERITY_CONFLICT,
                "entry says " + f.severity() + " but its section says " + f.sectionSeverity(),
                f.lineStart(),
                f.sectionSeverity(),
                f.severity()));
      }
      String xref = f.number() >= 0 ? x.crossReferences().get(f.number()) : null;
      if (xref != null && !xref.equals(f.severity())) {
        hits.add(
            new Hit(
                Rule.SEVERITY_CONFLICT,
                "entry says " + f.severity() + " but a cross-reference says " + xref,
                f.lineStart(),
                xref,
                f.severity()));
      }
    }
  }

  private static String fmt(Double d) {
    return d == Math.rint(d) ? String.valueOf(d.intValue()) : String.valueOf(d);
  }

  /** Whether any hit is error-level, which makes the document's status "partial". */
  public static boolean hasError(List<Hit> hits) {
    for (Hit h : hits) {
      if (h.rule().level() == Rule.Level.ERROR) {
        return true;
      }
    }
    return false;
  }

  /** Hits counted per level, for the documents table. */
  public static Map<Rule.Level, Integer> countByLevel(List<Hit> hits) {
    Map<Rule.Level, Integer> m = new EnumMap<>(Rule.Level.class);
    for (Hit h : hits) {
      m.merge(h.rule().level(), 1, Integer::sum);
    }
    return m;
  }
}
