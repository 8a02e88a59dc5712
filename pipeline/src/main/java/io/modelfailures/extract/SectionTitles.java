package io.modelfailures.extract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies section headings: sections that hold no failures, field headings inside an entry, and
 * the severity or category a group heading gives the entries under it.
 *
 * <p>Consumes heading text; emits booleans and optional severity/category values.
 */
final class SectionTitles {

  private SectionTitles() {}

  private static final Pattern NON_FAILURE =
      Pattern.compile(
          "\\b(summary|summaries|overview|introduction|conclusions?|strengths?|positives?"
              + "|what (?:the model |model |it )?(?:did|got|does|went) (?:well|right|correctly)"
              + "|(?:correctly|properly|successfully) implemented|recommendations?|lessons?"
              + "|prevention|preventive|best practices|next steps|test(?:ing)? (?:results|coverage|strategy|summary)"
              + "|verification|validation (?:results|summary)|training (?:value|quality|data|notes|insights?)"
              + "|deployment (?:attempts?|logs?|history|results|status|outcome|verification)"
              + "|impact analysis|references?|appendix|key (?:differences|takeaways|learnings)"
              + "|comparison|metrics|statistics|final (?:status|assessment|notes|state)|notes"
              + "|table of contents|how to (?:fix|avoid)|corrections? for|compliance (?:status|summary)"
              + "|severity (?:guide|legend|definitions)|glossary|changelog|evaluation criteria|scoring"
              + "|requirements? (?:met|satisfied|compliance)|what was (?:correct|good)"
              + "|no (?:issues|failures|errors|problems)|resolution summary|files? (?:changed|modified)"
              + "|recommended|suggestions?|action items|architecture (?:overview|diagram)|background"
              + "|context|methodology|scope|environment|quick reference|appendices|acknowledg\\w*"
              + "|improvements? (?:summary|made)|cost (?:analysis|estimate)|successful|passed"
              + "|required (?:fixes|changes|actions)|checklist|quality metrics|(?:before|after) qa"
              + "|verified|working|expected (?:errors|warnings|behaviou?r)|not fixed)\\b",
          Pattern.CASE_INSENSITIVE);

  // Sections that list improvements rather than errors count only when a document has no other
  // entries: reviewers often restate their fixes there.
  private static final Pattern WEAK =
      Pattern.compile(
          "\\b(enhancements?|improvements?|optimi[sz]ations?|additions?|features? added|additional"
              + " (?:changes|fixes)|hardening|observations?)\\b",
          Pattern.CASE_INSENSITIVE);

  // Sections that explain, justify or analyse the failures rather than list them ("Why These Are
  // Hard Problems", "Root Cause Analysis", "Knowledge Gaps", "Impact Assessment", "Known
  // Limitations", "Before Fixes"): what they list restates the entries, or names the reviewer's
  // own limits and design choices, not the model's errors.
  private static final Pattern DISCUSSION =
      Pattern.compile(
          "(?:^|[:\\-–—]\\s*)why\\b|\\broot[- ]causes?\\b|\\bknowledge gaps?\\b|\\btesting gaps?\\b"
              + "|\\b(?:failure|error|common|recurring|anti-?)\\s*patterns?\\b|\\bpatterns? (?:analysis|recognition)\\b"
              + "|\\bassessment\\b|\\b(?:before|after) (?:the )?(?:fixes|corrections|changes|remediation)\\b"
              + "|\\bknown limitations?\\b|\\bdesign decisions?\\b|\\bnot (?:a )?bugs?\\b|\\bacceptable risks?\\b"
              + "|\\btrade-?offs?\\b|\\bdeductions?\\b|\\bfailure modes?\\b|\\bfeasibility\\b|\\bimpact (?:on|of)\\b"
              + "|\\bhow\\b.*\\bprevents?\\b",
          Pattern.CASE_INSENSITIVE);

  // A heading whose head noun is a kind of failure ("Code Quality Issues", "Additional Minor
  // Issues", "Issues Identified", "Deployment Errors (3)"): the list under it enumerates failures.
  private static final Pattern FAILURE_HEAD_NOUN =
      Pattern.compile(
          "\\b(?:issues?|errors?|failures?|problems?|faults?|bugs?|mistakes?|defects?|flaws?"
              + "|deficienc(?:y|ies)|vulnerabilit(?:y|ies)|misconfigurations?|violations?)"
              + "(?:\\s+(?:found|identified|detected|fixed|discovered|observed|remaining|encountered"
              + "|resolved|addressed|noted))*\\W*$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern FIELD =
      Pattern.compile(
          "^(what (?:was|is) (?:the )?(?:issue|error|problem|wrong|fix|impact|cause)|how (?:we|it was|to|was it)"
              + " (?:fixed|fix|resolved|solve)\\w*|root causes?|impact|fix(?:es)?(?: applied| required)?|solution"
              + "|resolution|problem|issue|evidence|code (?:the )?model generated|model(?:'s)? (?:response|output|code)"
              + "|ideal(?: response)?(?: code| fix| solution)?|correct(?:ed)? (?:code|implementation|version|approach)"
              + "|expected(?: behaviou?r)?|actual(?: behaviou?r)?|before|after|explanation|details?|description"
              + "|why(?: it matters)?|location|status|error(?: message| output)?|symptoms?|affected (?:resources?|files?)"
              + "|requirements? reference|learning (?:objective|point)|training (?:value|insight)|the (?:fix|problem|issue)"
              + "|changes? made|what changed|original (?:code|issue)|failure|corrected code|code|example|references?"
              + "|severity|category|deployment error|error details|verification|testing|tests?|validation"
              + "|what went wrong|key (?:learnings?|takeaways?|lessons?)|learnings?|correct implementation"
              + "|implementation|analysis|summary)\\s*:?$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SEVERITY_WORD =
      Pattern.compile("\\b(" + Severity.WORDS + "|p[0-3])\\b", Pattern.CASE_INSENSITIVE);

  private static final Pattern ISSUE_NOUN =
      Pattern.compile(
          "\\b(issues?|errors?|failures?|problems?|faults?|bugs?|gaps?|mistakes?|defects?|flaws?"
              + "|vulnerabilit(?:y|ies)|concerns?|misconfigurations?|violations?|deviations?|risks?"
              + "|weakness(?:es)?|shortcomings?|omissions?|changes|fixes|corrections|improvements"
              + "|discrepanc(?:y|ies)|anti-?patterns?)\\b",
          Pattern.CASE_INSENSITIVE);

  // Words that say nothing about the kind of issue: a heading made only of these gives no category.
  private static final Pattern GENERIC =
      Pattern.compile(
          "\\b(found|fixed|identified|detected|detailed|details?|catalog(?:ue)?|list|model|response"
              + "|responses|key|main|additional|other|and|the|of|in|with|to|a|an|for|on|by|from"
              + "|infrastructure|implementation|code|priority|level|severity|must|fix|should|nice|have"
              + "|resolved|addressed|applied|encountered|discovered|observed|analysis|common|known"
              + "|remaining|specific|all|categories|category|what|went|wrong|were|was|are|is"
              + "|original|initial|general|miscellaneous|misc|minor|major|critical|high|medium|low"
              + "|moderate|blocker|blocking|severe|important|significant|priorities|section|part"
              + "|failed|failing|made|during|qa|phase|process|review|stage|iteration|md|ideal|prompt"
              + "|document|file|\\d+|[a-z])\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern CATEGORY_PREFIX =
      Pattern.compile(
          "^(?:category|type|area|class)\\s*[a-z0-9]{0,3}\\s*[:.\\-–—]\\s*(.+)$",
          Pattern.CASE_INSENSITIVE);

  static boolean isNonFailure(String title) {
    String t = title.toLowerCase(Locale.ROOT);
    // "Summary of Critical Failures" still summarises; but "Critical Failures (summary table)"
    // style headings are rare, so the plain regex is enough.
    if (t.contains("✅") && !t.contains("❌")) {
      return true;
    }
    Matcher m = NON_FAILURE.matcher(t);
    if (!m.find() || isSeverityGroupTitle(title)) {
      return false;
    }
    // "CloudFormation Best Practices Failures", "Environment Errors": the topic word qualifies a
    // kind of failure that the heading's head noun names, so the section lists failures.
    // "Best Practices to Avoid Failures" still advises.
    return !(TOPIC_WORD.matcher(m.group(1)).matches()
        && !m.find()
        && !ADVICE.matcher(t).find()
        && FAILURE_HEAD_NOUN.matcher(TitleParser.stripDecor(title).trim()).find());
  }

  private static final Pattern ADVICE = Pattern.compile("\\b(?:avoid\\w*|prevent\\w*)\\b");

  private static final Pattern TOPIC_WORD =
      Pattern.compile("best practices|environment|context|scope|metrics|background");

  /** Whether a heading introduces discussion of the failures rather than the failures. */
  static boolean isDiscussion(String title) {
    return DISCUSSION.matcher(TitleParser.stripDecor(title)).find();
  }

  /**
   * Whether a heading groups failures: it names a severity ("Low Severity Issues") or its head noun
   * is a kind of failure ("Code Quality Issues", "Issues Identified"). "Failure Detection" and
   * "Knowledge Gaps" are not.
   */
  static boolean isFailureGroup(String title) {
    String t = TitleParser.stripDecor(LEADING_NUMBER.matcher(title.trim()).replaceFirst(""));
    t = TRAILING_BRACKETS.matcher(t).replaceAll("").trim();
    return severityOfGroup(title).isPresent() || FAILURE_HEAD_NOUN.matcher(t).find();
  }

  static boolean isWeak(String title) {
    return WEAK.matcher(title).find() && !ISSUE_NOUN_STRICT.matcher(title).find();
  }

  private static final Pattern ISSUE_NOUN_STRICT =
      Pattern.compile(
          "\\b(issues?|errors?|failures?|problems?|faults?|bugs?|mistakes?|defects?|flaws?)\\b",
          Pattern.CASE_INSENSITIVE);

  // Compiled once: these ran as String.replaceAll/matches, compiling a pattern on every call.
  private static final Pattern LEADING_NUMBER = Pattern.compile("^#?\\d+[a-z]?[.):]?\\s+");
  private static final Pattern LEADING_NUMBERING = Pattern.compile("^[#\\d.\\s]+");
  private static final Pattern NON_LETTERS = Pattern.compile("[^\\p{L}]+");
  private static final Pattern TRAILING_BRACKETS = Pattern.compile("\\s*[\\[(][^\\])]*[\\])]\\s*$");
  private static final Pattern WRONG_WORD =
      Pattern.compile(".*\\b(wrong|incorrect|missing|broken|invalid)\\b.*");

  static boolean isField(String title) {
    String t = TitleParser.stripDecor(title).trim();
    return t.length() <= 60 && FIELD.matcher(t).matches();
  }

  /** "Critical Failures", "High-Priority Issues", "Medium": a heading that names a severity. */
  static boolean isSeverityGroupTitle(String title) {
    if (severityOfGroup(title).isEmpty()) {
      return false;
    }
    // What is left after severity words, issue nouns and generic words must be nothing:
    // "Critical Issues Fixed" is a group, "[CRITICAL] Launch template uses a foreign AMI" is not.
    String rest = LEADING_NUMBER.matcher(TitleParser.stripDecor(title)).replaceFirst("");
    rest = SEVERITY_WORD.matcher(rest).replaceAll(" ");
    rest = ISSUE_NOUN.matcher(rest).replaceAll(" ");
    rest = GENERIC.matcher(rest).replaceAll(" ");
    return NON_LETTERS.matcher(rest).replaceAll(" ").isBlank();
  }

  /**
   * The severity a group heading gives its entries. The severity word must qualify the failures
   * ("Critical Failures", "High-Priority Issues", "Critical Infrastructure Fixes"), be bracketed
   * ("Security Issues (Critical)", "Immediate (P0)"), or stand alone ("## Medium"); in "Major
   * Service Architecture Changes" it describes the changes, not a severity.
   */
  static Optional<Severity> severityOfGroup(String title) {
    String t = TitleParser.stripDecor(LEADING_NUMBERING.matcher(title).replaceAll(""));
    Matcher m = GROUP_SEVERITY.matcher(t);
    if (m.find()) {
      return Severity.fromWord(m.group(1) != null ? m.group(1) : m.group(2));
    }
    Matcher alone = SEVERITY_ALONE.matcher(t);
    if (alone.matches()) {
      return Severity.fromWord(alone.group(1));
    }
    return Severity.fromEmoji(t);
  }

  private static final Pattern GROUP_SEVERITY =
      Pattern.compile(
          "\\b("
              + Severity.WORDS
              + "|p[0-3])[\\s-]+(?:[\\w/&-]+\\s+){0,1}"
              + "(?:priority|severity|level|risk|impact|issues?|errors?|failures?|problems?|faults?|bugs?"
              + "|gaps?|mistakes?|defects?|flaws?|fixes|findings?|observations?|concerns?|blockers?"
              + "|vulnerabilit(?:y|ies)|violations?|deviations?|corrections?|adjustments?|changes)\\b"
              + "|[\\[(]\\s*(?:severity\\s*[:=-]?\\s*)?("
              + Severity.WORDS
              + "|p[0-3])\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SEVERITY_ALONE =
      Pattern.compile(
          "^(?:severity\\s*[:=-]?\\s*)?("
              + Severity.WORDS
              + ")(?:[\\s-]+(?:priority|severity))?\\s*:?$",
          Pattern.CASE_INSENSITIVE);

  /** "Failures", "Issues Found and Fixed", "Category 2: ...": headings that only group entries. */
  static boolean isGenericGroupTitle(String title) {
    String t = TitleParser.stripDecor(title);
    if (CATEGORY_PREFIX.matcher(t).matches()) {
      return true;
    }
    if (!ISSUE_NOUN.matcher(t).find()) {
      return false;
    }
    // Letters only first, so that "MODEL_RESPONSE.md" reads as the generic words it is made of.
    String rest = NON_LETTERS.matcher(ISSUE_NOUN.matcher(t).replaceAll(" ")).replaceAll(" ");
    return GENERIC.matcher(rest).replaceAll(" ").isBlank();
  }

  /** Whether a heading names failures at all ("Issues Found", "What went wrong", "Errors"). */
  static boolean namesFailures(String title) {
    return ISSUE_NOUN.matcher(title).find()
        || SEVERITY_WORD.matcher(title).find()
        || WRONG_WORD.matcher(title.toLowerCase(Locale.ROOT)).matches();
  }

  /**
   * The category a group heading gives its entries: its text when it names a kind of issue
   * ("Security Issues", "Compilation and Type Errors"), or what follows "Category N:". Headings
   * made only of severity and generic words give none.
   */
  static Optional<String> categoryOfGroup(String rawTitle) {
    String title = TitleParser.stripDecor(rawTitle);
    title = LEADING_NUMBER.matcher(title).replaceFirst("");
    // Drop a trailing severity parenthetical: "Security Issues (Critical)".
    title = TRAILING_BRACKETS.matcher(title).replaceAll("").trim();
    Matcher cp = CATEGORY_PREFIX.matcher(title);
    if (cp.matches()) {
      return Optional.of(cp.group(1).trim());
    }
    if (!ISSUE_NOUN.matcher(title).find()) {
      return Optional.empty();
    }
    String rest = ISSUE_NOUN.matcher(title).replaceAll(" ");
    rest = GENERIC.matcher(NON_LETTERS.matcher(rest).replaceAll(" ")).replaceAll(" ").trim();
    return rest.isEmpty() ? Optional.empty() : Optional.of(title);
  }
}
