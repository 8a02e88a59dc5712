package io.modelfailures.extract;

import io.modelfailures.catalog.ServiceCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the AWS services an entry is about, as opposed to those it merely names.
 *
 * <p>Consumes the entry's title and lines; emits canonical service names in order of first mention.
 * A service counts when the title names it, when the entry's opening lines name it (they state what
 * the entry is about), or when the body mentions it on several lines. A service named once in
 * passing, in an impact list say, is left out, as the labelling guide asks. Services that are the
 * document's own tooling (CloudFormation in a CloudFormation review) count only from the title.
 */
final class ServiceSelector {

  private ServiceSelector() {}

  static final int LEAD_LINES = Integer.getInteger("mfp.leadLines", 3);
  static final int MIN_BODY_LINES = Integer.getInteger("mfp.minBodyLines", 3);
  private static final Set<String> TITLE_ONLY = Set.of("CloudFormation");
  private static final java.util.regex.Pattern ASIDE =
      java.util.regex.Pattern.compile(
          "(?i)\\b(impact|root cause|cause|reference|documentation|training|learning|lesson|cost"
              + "|performance|business|why|note|consequence|risk|compliance|benefit)");

  /** Lines {@code from..to-1} (0-based) are the entry's body; {@code title} its title. */
  static List<String> select(
      ServiceCatalog catalog, String title, String[] lines, int from, int to) {
    Set<String> out = new LinkedHashSet<>(withImplied(catalog.findInText(title), title));
    Map<String, Integer> lineCounts = new LinkedHashMap<>();
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
      if (!inFence) {
        String field = FieldReader.labelName(line);
        if (field != null) {
          // Impact, root-cause and reference paragraphs name services in passing.
          skipping = ASIDE.matcher(field).find();
        }
      }
      if (skipping) {
        continue;
      }
      List<String> found = withImplied(catalog.findInText(line), line);
      for (String s : found) {
        lineCounts.merge(s, 1, Integer::sum);
      }
      if (!inFence && !t.isEmpty() && lead < LEAD_LINES) {
        lead++;
        addAll(out, found);
      }
    }
    int min = to - from <= 3 ? 1 : MIN_BODY_LINES;
    lineCounts.forEach(
        (s, n) -> {
          if (n >= min && !TITLE_ONLY.contains(s)) {
            out.add(s);
          }
        });
    return new ArrayList<>(out);
  }

  // Generic words that, in an AWS infrastructure review, mean one service: a "database" or a
  // DB* property is RDS and a "bucket" is S3, unless the text names another such service.
  private static final java.util.regex.Pattern RDS_WORDS =
      java.util.regex.Pattern.compile(
          "\\b(?:databases?|DB(?:Instance|Cluster|SubnetGroup|ParameterGroup|Password|Name)\\w*"
              + "|db\\.[a-z0-9]+\\.[a-z0-9]+|postgres(?:ql)?|mysql|mariadb)\\b");
  private static final java.util.regex.Pattern S3_WORDS =
      java.util.regex.Pattern.compile("(?i)\\bbuckets?\\b");
  private static final Set<String> OTHER_DATABASES =
      Set.of(
          "DynamoDB",
          "Redshift",
          "DocumentDB",
          "Neptune",
          "ElastiCache",
          "Timestream",
          "Keyspaces",
          "MemoryDB",
          "OpenSearch");

  static List<String> withImplied(List<String> found, String text) {
    List<String> out = new ArrayList<>(found);
    if (!out.contains("RDS")
        && out.stream().noneMatch(OTHER_DATABASES::contains)
        && RDS_WORDS.matcher(text).find()) {
      out.add("RDS");
    }
    if (!out.contains("S3") && S3_WORDS.matcher(text).find()) {
      out.add("S3");
    }
    return out;
  }

  private static void addAll(Set<String> out, List<String> found) {
    for (String s : found) {
      if (!TITLE_ONLY.contains(s)) {
        out.add(s);
      }
    }
  }
}
