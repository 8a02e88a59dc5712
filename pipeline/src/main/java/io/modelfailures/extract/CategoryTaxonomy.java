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
  }

  /** The taxonomy entry for {@code text}, or {@code null} when no rule matches. */
  public static String classify(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, Pattern> e : RULES.entrySet()) {
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
