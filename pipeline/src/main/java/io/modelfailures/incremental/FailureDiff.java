package io.modelfailures.incremental;

import io.modelfailures.records.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares one path's failures in the previous and the current run, position by position.
 *
 * <p>Consumes two lists of {@link Failure} rows (the failures table as published: empty for a
 * non-primary copy); emits {@link Result}. Failures are matched by {@code ordinal}, their position
 * in the document. A failure is <em>changed</em> when both runs have its ordinal and any content
 * field differs: label, title, severity, severity_raw, severity_source, category, category_raw,
 * services, location, root_cause, impact, fix, has_fix, platform, language. Ids, paths and line
 * numbers are not content: an edit above an entry moves its lines and, as doc_id changes with any
 * edit, changes every failure_id.
 */
public final class FailureDiff {

  private FailureDiff() {}

  /** Added and changed carry current ids, removed the previous ids. */
  public record Result(
      List<String> added, List<String> removed, List<String> changed, int unchanged) {
    public boolean same() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
  }

  public static Result compare(List<Failure> previous, List<Failure> current) {
    Map<Integer, Failure> before = byOrdinal(previous);
    Map<Integer, Failure> after = byOrdinal(current);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    int unchanged = 0;
    for (Map.Entry<Integer, Failure> e : after.entrySet()) {
      Failure old = before.get(e.getKey());
      if (old == null) {
        added.add(e.getValue().getFailureId());
      } else if (sameContent(old, e.getValue())) {
        unchanged++;
      } else {
        changed.add(e.getValue().getFailureId());
      }
    }
    for (Map.Entry<Integer, Failure> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        removed.add(e.getValue().getFailureId());
      }
    }
    return new Result(added, removed, changed, unchanged);
  }

  private static Map<Integer, Failure> byOrdinal(List<Failure> failures) {
    Map<Integer, Failure> m = new TreeMap<>();
    for (Failure f : failures) {
      m.put(f.getOrdinal(), f);
    }
    return m;
  }

  static boolean sameContent(Failure a, Failure b) {
    return Objects.equals(a.getLabel(), b.getLabel())
        && Objects.equals(a.getTitle(), b.getTitle())
        && Objects.equals(a.getSeverity(), b.getSeverity())
        && Objects.equals(a.getSeverityRaw(), b.getSeverityRaw())
        && Objects.equals(a.getSeveritySource(), b.getSeveritySource())
        && Objects.equals(a.getCategory(), b.getCategory())
        && Objects.equals(a.getCategoryRaw(), b.getCategoryRaw())
        && Objects.equals(a.getServices(), b.getServices())
        && Objects.equals(a.getLocation(), b.getLocation())
        && Objects.equals(a.getRootCause(), b.getRootCause())
        && Objects.equals(a.getImpact(), b.getImpact())
        && Objects.equals(a.getFix(), b.getFix())
        && Objects.equals(a.getHasFix(), b.getHasFix())
        && Objects.equals(a.getPlatform(), b.getPlatform())
        && Objects.equals(a.getLanguage(), b.getLanguage());
  }
}
