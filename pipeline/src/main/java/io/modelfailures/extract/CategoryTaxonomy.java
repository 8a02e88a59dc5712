package io.modelfailures.extract;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps a free-text category ("Permissions Error", "Security Issues (Critical)") onto the small
 * taxonomy the tables use.
 *
 * <p>Consumes raw category or title text; emits one of: security, iam-permissions, configuration,
 * missing-resource, naming, availability, monitoring, cost, testing, code-quality, deployment,
 * compliance, documentation, other. Rules are tried in order, so the more specific come first.
 */
public final class CategoryTaxonomy {

  private CategoryTaxonomy() {}

  private static final Map<String, Pattern> RULES = new LinkedHashMap<>();

  /** Per rule, text one of whose pieces every match holds (see {@link #needles}); null: none. */
  private static final Map<String, String[]> NEEDLES = new LinkedHashMap<>();

  static {
    rule(
        "iam-permissions",
        "\\b(iam|permissions?|privileges?|least[- ]privilege|polic(?:y|ies)|roles?|access denied|trust|principals?|irsa|assume ?role)\\b");
    rule(
        "security",
        "\\b(security|secur|encrypt\\w*|kms|secrets?|passwords?|credentials?|tls|ssl|https|public(?:ly)? access|vulnerab\\w*|exposure|waf|firewall|hardcoded (?:password|secret|credential)s?)\\b");
    rule(
        "compliance",
        "\\b(complian\\w*|pci|hipaa|gdpr|soc ?2|audit\\w*|governance|regulat\\w*)\\b");
    rule(
        "testing",
        "\\b(tests?|testing|coverage|unit|integration|assertions?|mocks?|jest|pytest)\\b");
    rule(
        "monitoring",
        "\\b(monitor\\w*|alarms?|metrics?|logging|logs?|observab\\w*|dashboards?|alerts?|tracing|x-ray|cloudwatch)\\b");
    rule(
        "availability",
        "\\b(availability|multi-az|single az|az|failover|disaster|recovery|backups?|redundan\\w*|resilien\\w*|replicat\\w*|scaling|autoscaling|high availability|ha)\\b");
    rule("cost", "\\b(cost\\w*|pricing|billing|expensive|spend\\w*|lifecycle|right-?siz\\w*)\\b");
    rule(
        "naming",
        "\\b(nam(?:e|es|ing)|suffix\\w*|prefix\\w*|environment ?suffix|unique(?:ness)?|collisions?|conflicts?)\\b");
    rule(
        "missing-resource",
        "\\b(missing|absent|not (?:created|implemented|defined|included)|omitted|omission|incomplete|lacks?|no [a-z]+ (?:resource|created))\\b");
    rule(
        "deployment",
        "\\b(deploy\\w*|synth\\w*|bootstrap\\w*|rollback|stack (?:creation|update)|circular|dependenc\\w*|cdk deploy|terraform apply|provision\\w*|backend|state)\\b");
    rule(
        "code-quality",
        "\\b(code quality|lint\\w*|style|compil\\w*|type errors?|typescript|syntax|imports?|unused|deprecated|refactor\\w*|readability|structure|modular\\w*|best practices?|formatting|api (?:usage|misuse))\\b");
    rule("documentation", "\\b(document\\w*|readme|comments?|docs?)\\b");
    rule(
        "configuration",
        "\\b(config\\w*|misconfig\\w*|settings?|parameters?|properties|property|values?|versions?|runtime|invalid|incorrect|wrong)\\b");
  }

  private static void rule(String category, String regex) {
    RULES.put(category, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
    NEEDLES.put(category, needles(regex));
  }

  /**
   * The literal start of each alternative of a rule written {@code \b(alt|alt|...)\b}: its leading
   * letters and spaces, less a last letter that a quantifier makes optional ("roles?" gives "role",
   * "nam(?:e|es)" gives "nam"). A match is one alternative, so it holds that alternative's literal
   * start; the text is lower-cased and the rules ignore ASCII case only, so a plain search for the
   * starts can rule a rule out. Null (always run the rule) when the regex has another shape or an
   * alternative starts with no literal letter.
   */
  static String[] needles(String regex) {
    if (!regex.startsWith("\\b(") || !regex.endsWith(")\\b")) {
      return null;
    }
    String body = regex.substring(3, regex.length() - 3);
    java.util.List<String> out = new java.util.ArrayList<>();
    int depth = 0;
    boolean inClass = false;
    int start = 0;
    for (int i = 0; i <= body.length(); i++) {
      char c = i < body.length() ? body.charAt(i) : '|';
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        String literal = literalStart(body.substring(start, i));
        if (literal.isEmpty()) {
          return null;
        }
        out.add(literal);
        start = i + 1;
      }
    }
    return depth == 0 && !inClass ? out.toArray(new String[0]) : null;
  }

  private static String literalStart(String alternative) {
    int end = 0;
    while (end < alternative.length()) {
      char c = alternative.charAt(end);
      if (!((c >= 'a' && c <= 'z') || c == ' ')) {
        break;
      }
      end++;
    }
    if (end < alternative.length() && "?*{".indexOf(alternative.charAt(end)) >= 0) {
      end--; // the quantifier makes the last character optional
    }
    return alternative.substring(0, Math.max(0, end));
  }

  /** The taxonomy entry for {@code text}, or {@code null} when no rule matches. */
  public static String classify(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, Pattern> e : RULES.entrySet()) {
      String[] needles = NEEDLES.get(e.getKey());
      if (needles != null && !Needles.any(t, needles)) {
        continue;
      }
      if (e.getValue().matcher(t).find()) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Category from the raw category if present, else from the title; "other" when neither maps. */
  public static String normalise(String raw, String title) {
    String c = classify(raw);
    if (c == null) {
      c = classify(title);
    }
    return c == null ? "other" : c;
  }
}
