package io.modelfailures.extract;

import io.modelfailures.catalog.ServiceCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses the AWS services an entry is about, as opposed to those it merely names.
 *
 * <p>Consumes the entry's title and lines; emits canonical service names in order of first mention.
 * An entry states its subject in its title and in its opening lines; the rest of the body (code,
 * impact lists, the services a fix touches on the way) names many services in passing. So:
 *
 * <ul>
 *   <li>every service the title names counts;
 *   <li>when the title names none, the services the opening lines name count: they say what the
 *       entry is about;
 *   <li>when the title names one, it is the subject, and another service from the opening lines
 *       counts only if the prose comes back to it on a second line;
 *   <li>a service whose resource the entry's code declares ({@code AWS::S3::Bucket}, {@code
 *       resource "aws_lambda_function"}, {@code new sqs.Queue(...)}) counts, as the labelling guide
 *       says; services the code only refers to (attributes, IAM actions, principals) do not;
 *   <li>an entry whose title names no service and is about the code itself (tests, linting,
 *       outputs, naming, tagging, documentation) concerns no service, whatever its code shows.
 * </ul>
 *
 * <p>Impact, root-cause and reference paragraphs are skipped. Services that are the document's own
 * tooling (CloudFormation in a CloudFormation review) count only from the title.
 */
final class ServiceSelector {

  private ServiceSelector() {}

  /** Opening prose lines that state the subject of an entry whose title names a service. */
  static final int LEAD_LINES = 3;

  /**
   * Opening prose lines that state the subject of an entry whose title names none; one more, since
   * such entries often spend their first line on a severity or category label.
   */
  static final int UNTITLED_LEAD_LINES = 4;

  /** Prose lines on which a service besides the title's must appear (one of them a lead line). */
  static final int SECONDARY_PROSE_LINES = 2;

  private static final Set<String> TITLE_ONLY = Set.of("CloudFormation");
  private static final Pattern ASIDE =
      Pattern.compile(
          "(?i)\\b(impact|root cause|cause|reference|documentation|training|learning|lesson|cost"
              + "|performance|business|why|note|consequence|risk|compliance|benefit)");
  // Titles about the code rather than the infrastructure: the labelling guide gives such entries
  // (a Python linting issue, say) no services, even when their code declares resources.
  private static final Pattern CODE_CONCERN =
      Pattern.compile(
          "(?i)\\b(?:tests?|testing|lint\\w*|eslint|pylint|flake8|prettier|formatting"
              + "|type (?:hints?|safety)|unused|outputs?|exports?|tags?|tagging|naming|names?"
              + "|suffix\\w*|environmentsuffix|depends_on|documentation|code quality|style"
              + "|portability)\\b");

  /** What the body says about one service. */
  private static final class Evidence {
    int proseLines;
    boolean inLead;
  }

  /** Lines {@code from..to-1} (0-based) are the entry's body; {@code title} its title. */
  static List<String> select(
      ServiceCatalog catalog, String title, String[] lines, int from, int to) {
    return select(catalog, title, lines, new LineLabels(lines), from, to);
  }

  /** {@link #select} with the labels of {@code lines} found once per document. */
  static List<String> select(
      ServiceCatalog catalog, String title, String[] lines, LineLabels labels, int from, int to) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : ServiceMentions.find(catalog, title)) {
      if (!TITLE_ONLY.contains(s)) {
        out.add(s);
      }
    }
    boolean titled = !out.isEmpty();
    if (!titled && CODE_CONCERN.matcher(title).find()) {
      return List.of();
    }
    int leadLines = titled ? LEAD_LINES : UNTITLED_LEAD_LINES;
    Map<String, Evidence> evidence = new LinkedHashMap<>();
    Set<String> declared = new LinkedHashSet<>();
    int lead = 0;
    boolean inFence = false;
    boolean skipping = false;
    for (int i = Math.max(0, from); i < to && i < lines.length; i++) {
      String line = lines[i];
      if (line.length() > 4000) {
        continue;
      }
      String t = line.strip();
      if (t.startsWith("```") || t.startsWith("~~~")) {
        inFence = !inFence;
        continue;
      }
      if (inFence) {
        // Code names many services in passing; only the resources it declares count.
        declared.addAll(CodeResources.declared(catalog, line));
        continue;
      }
      LineLabels.Label label = labels.at(i);
      if (label != null) {
        String field = label.rawName().trim();
        // Impact, root-cause and reference paragraphs name services in passing.
        skipping = ASIDE.matcher(field).find();
      }
      if (skipping || t.isEmpty()) {
        continue;
      }
      boolean isLead = lead++ < leadLines;
      for (String s : ServiceMentions.find(catalog, line)) {
        Evidence e = evidence.computeIfAbsent(s, k -> new Evidence());
        e.proseLines++;
        e.inLead |= isLead;
      }
    }
    evidence.forEach(
        (s, e) -> {
          boolean counts = e.inLead && (!titled || e.proseLines >= SECONDARY_PROSE_LINES);
          if (counts && !TITLE_ONLY.contains(s)) {
            out.add(s);
          }
        });
    for (String s : declared) {
      if (!TITLE_ONLY.contains(s)) {
        out.add(s);
      }
    }
    return new ArrayList<>(out);
  }
}
