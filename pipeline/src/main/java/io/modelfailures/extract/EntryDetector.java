package io.modelfailures.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the failure entries of a document in its section tree.
 *
 * <p>Consumes the flat {@link Block} list of one document; emits {@link Entry}s in document order.
 * Headed entries ("### 1. Title", "## Bug 3: ...") are found by walking the section tree: a heading
 * is an entry when it is numbered, labelled, carries a severity marker or holds field lines; a
 * heading whose children are entries is a group that passes its severity and category down.
 * Sections that hold no failures (summaries, recommendations, ...) are skipped. Inside sections
 * that are not entries, bold labels, list items and table rows are entry candidates.
 */
final class EntryDetector {

  private static final Pattern NOT_A_FAILURE =
      Pattern.compile(
          "^(?:none(?: detected| found| identified)?|n/?a|no (?:issues?|failures?|errors?|problems?)"
              + "(?: (?:were )?(?:found|detected|identified))?|nothing(?: found)?"
              + "|all (?:good|correct|passed))\\W*$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern ISSUE_COLUMN =
      Pattern.compile(
          "\\b(issues?|problems?|failures?|errors?|findings?|gaps?|bugs?|defects?|deviations?"
              + "|what went wrong|mistakes?|flaws?|concerns?|model (?:response|output)|aspect|area"
              + "|requirement|title|description)\\b",
          Pattern.CASE_INSENSITIVE);

  // A status cell that says the row is fine; free text is not judged.
  private static final Pattern POSITIVE_CELL =
      Pattern.compile(
          "^(?:✅.*|✔.*|\\[pass\\].*|correct|ok|pass(?:ed)?|met|compliant|no issues?|none|n/a)$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern TOTAL_ROW =
      Pattern.compile("^\\**\\s*(?:total|sum|overall|all)\\b", Pattern.CASE_INSENSITIVE);

  private final List<Block> blocks;
  private final List<Entry> strong = new ArrayList<>();
  private final List<Entry> listed = new ArrayList<>();
  private final List<Entry> weak = new ArrayList<>();

  /** Entries found under discussion headings ("Root Cause Analysis", "Why ..."): a last resort. */
  private final List<Entry> discussion = new ArrayList<>();

  /** Entries that sit under a heading that groups failures ("Code Quality Issues"). */
  private final java.util.Set<Entry> inFailureGroup =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /**
   * For weak entries: the line of the heading that made them weak, so they are judged as a list.
   */
  private final java.util.Map<Entry, Integer> weakGroup = new java.util.IdentityHashMap<>();

  /**
   * Unnumbered heading titles that occur more than once ("What Went Wrong", "Root Cause" under
   * every issue): a document's per-entry template, so they are fields, not entries.
   */
  private java.util.Set<String> repeatedTitles = java.util.Set.of();

  private java.util.Set<String> repeatedTitles(List<Block> blocks) {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (Block b : blocks) {
      Cancellation.check();
      if (b.kind == Block.Kind.HEADING && !parseTitle(b.text).numbered()) {
        counts.merge(normalise(b.text), 1, Integer::sum);
      }
    }
    java.util.Set<String> out = new java.util.HashSet<>();
    counts.forEach(
        (t, n) -> {
          if (n > 1) {
            out.add(t);
          }
        });
    return out;
  }

  private static String normalise(String title) {
    return TitleParser.stripDecor(title.replace('\n', ' ')).toLowerCase(Locale.ROOT).trim();
  }

  private boolean isFieldHeading(String title) {
    return SectionTitles.isField(title) || repeatedTitles.contains(normalise(title));
  }

  private EntryDetector(List<Block> blocks) {
    this.blocks = blocks;
    this.boldLabel = new Boolean[blocks.size()];
  }

  /*
   * Memos of answers that depend only on the document, asked many times over: visit() asks of
   * every child whether it and its children look like entries, and hasEntryChildren() asks the same
   * again of every descendant at each level of the walk; hasBoldLabels() and scanBody() judge the
   * same paragraphs. The answers are fixed once repeatedTitles is set, which detect() does before
   * the walk, so remembering them changes nothing but the cost.
   */
  private final java.util.Map<Section, Boolean> looksLikeEntry = new java.util.IdentityHashMap<>();
  private final java.util.Map<Section, Boolean> hasEntryChildren =
      new java.util.IdentityHashMap<>();

  /** isBoldLabel() of the block at each index, once asked. */
  private final Boolean[] boldLabel;

  /**
   * SectionTitles.isNonFailure() by title: asked of a heading in visit() and in the tests below.
   */
  private final java.util.Map<String, Boolean> nonFailure = new java.util.HashMap<>();

  private boolean isNonFailure(String title) {
    return nonFailure.computeIfAbsent(title, SectionTitles::isNonFailure);
  }

  /**
   * Titles parsed so far: the same heading is parsed when counting repeated titles, when judging
   * whether it is an entry and when making the entry, and with 100,000s of headings each parse
   * counts.
   */
  private final java.util.Map<String, TitleParser.ParsedTitle> parsedTitles =
      new java.util.HashMap<>();

  private TitleParser.ParsedTitle parseTitle(String title) {
    TitleParser.ParsedTitle pt = parsedTitles.get(title);
    if (pt == null) {
      pt = TitleParser.parse(title);
      parsedTitles.put(title, pt);
    }
    return pt;
  }

  /** The result: entries, and the name of the structure they were found in. */
  record Detection(List<Entry> entries, String layout) {}

  static Detection detect(List<Block> blocks) {
    EntryDetector d = new EntryDetector(blocks);
    d.repeatedTitles = d.repeatedTitles(blocks);
    Section root = Section.tree(blocks);
    boolean singleTitle = countLevel(root, 1) == 1;
    d.visit(root, Context.ROOT, singleTitle);
    List<Entry> entries = new ArrayList<>(d.strong);
    // Lists and tables in sections that do not name failures are only taken when nothing
    // stronger was found: otherwise they are summaries or checklists. Headed entries held back
    // (under "Root Cause Analysis", "Enhancements") are stronger too: a document with headings
    // does not list its failures in a stray bullet list.
    boolean stronger =
        !d.strong.isEmpty()
            || java.util.stream.Stream.concat(d.weak.stream(), d.discussion.stream())
                .anyMatch(e -> e.source == Entry.Source.HEADING);
    for (Entry e : d.listed) {
      if (e.inFailureSection || !stronger) {
        entries.add(e);
      }
    }
    d.dropTrailing(entries);
    if (!entries.isEmpty()) {
      // Entries under "Enhancements" or "Improvements" headings count when their numbers take
      // their own place in the document's sequence; reusing a number (restarting at 1) means
      // they restate the fixes.
      // When every failure sits under a severity group ("## Critical Failures", "## High
      // Priority Issues"), the author's list is complete: improvements numbered past the last
      // failure are extras added after it, not failures.
      java.util.Set<Integer> used = new java.util.HashSet<>();
      entries.forEach(e -> used.add(e.title.number()));
      int last = used.stream().mapToInt(Integer::intValue).max().orElse(0);
      boolean severityGrouped = entries.stream().allMatch(e -> e.sectionSeverity != null);
      // A weak section is one list: if any of its numbers is already taken, its numbering
      // restarted and the whole list restates or adds to the fixes, even where a later item's
      // number happens to run past the last failure ("Feature Additions" 1-4 after fixes 1-3).
      java.util.Map<Integer, List<Entry>> groups = new java.util.LinkedHashMap<>();
      for (Entry e : d.weak) {
        if ((e.source == Entry.Source.HEADING || e.source == Entry.Source.BOLD_LABEL)
            && e.title.number() > 0) {
          groups.computeIfAbsent(d.weakGroup.getOrDefault(e, -1), k -> new ArrayList<>()).add(e);
        }
      }
      for (List<Entry> group : groups.values()) {
        if (group.stream().anyMatch(e -> used.contains(e.title.number()))) {
          continue;
        }
        for (Entry e : group) {
          if ((e.title.number() < last || !severityGrouped) && used.add(e.title.number())) {
            entries.add(e);
          }
        }
      }
    } else {
      boolean headed = d.weak.stream().anyMatch(e -> e.source == Entry.Source.HEADING);
      for (Entry e : d.weak) {
        if (e.source == Entry.Source.HEADING
            || e.source == Entry.Source.BOLD_LABEL
            || e.inFailureSection
            || !headed) {
          entries.add(e);
        }
      }
    }
    if (entries.isEmpty()) {
      // A document whose only list sits under "Root Cause Analysis" or "Why ..." still lists it;
      // as with weak sections, bullets count beside headings only where their section names
      // failures.
      boolean headed = d.discussion.stream().anyMatch(e -> e.source == Entry.Source.HEADING);
      for (Entry e : d.discussion) {
        if (e.source == Entry.Source.HEADING || e.inFailureSection || !headed) {
          entries.add(e);
        }
      }
    }
    if (entries.isEmpty()) {
      // Some documents list their failures only in a comparison table under a "Summary" heading.
      d.visitAll(root);
      entries.addAll(d.listed);
    }
    if (entries.isEmpty()) {
      entries.addAll(d.textEntries());
    }
    entries.removeIf(e -> NOT_A_FAILURE.matcher(e.title.title()).matches());
    entries.sort(Comparator.comparingInt(e -> e.lineStart));
    return new Detection(entries, layoutOf(entries));
  }

  private static int countLevel(Section s, int level) {
    int n = 0;
    for (Section c : s.children) {
      n += c.level == level ? 1 : 0;
    }
    return n;
  }

  /** What the enclosing group headings say about the entries under them. */
  private record Context(
      Severity severity,
      String severityRaw,
      String category,
      boolean weak,
      boolean failureNamed,
      int weakFrom,
      boolean discussion,
      boolean failureGroup) {

    static final Context ROOT = new Context(null, null, null, false, true, -1, false, false);

    Context under(Section s, boolean docTitle, EntryDetector detector) {
      String t = s.title();
      Severity sev = severity;
      String sevRaw = severityRaw;
      var groupSeverity = SectionTitles.severityOfGroup(t);
      if (groupSeverity.isPresent()) {
        sev = groupSeverity.get();
        sevRaw = TitleParser.stripDecor(t);
      }
      String cat = category;
      if (!docTitle) {
        var c = SectionTitles.categoryOfGroup(t);
        if (c.isPresent()) {
          cat = c.get();
        }
      }
      boolean named = failureNamed || SectionTitles.namesFailures(t);
      boolean weakened = weak || (!docTitle && SectionTitles.isWeak(t));
      boolean discussed = discussion || (!docTitle && detector.isDiscussionTitle(t));
      // Where the weak or discussion section starts: its numbered entries are judged as one list.
      int from = (weakened || discussed) && !weak && !discussion ? s.heading.lineStart : weakFrom;
      boolean grouped = failureGroup || (!docTitle && SectionTitles.isFailureGroup(t));
      return new Context(sev, sevRaw, cat, weakened, named, from, discussed, grouped);
    }
  }

  private void visit(Section section, Context ctx, boolean singleTitle) {
    for (Section child : section.children) {
      Cancellation.check();
      String title = child.title();
      boolean docTitle = child.level == 1 && singleTitle;
      // A document's only H1 is its title ("Model Response Analysis - Training Quality"), not a
      // section, so its wording never excludes the document.
      if (!docTitle && isNonFailure(title) && !looksLikeEntry(child)) {
        continue;
      }
      Context childCtx = ctx.under(child, docTitle, this);
      if (hasEntryChildren(child) || hasBoldLabels(child)) {
        visit(child, childCtx, singleTitle);
      } else if (!docTitle && looksLikeEntry(child)) {
        addHeadingEntry(child, ctx);
      } else {
        visit(child, childCtx, singleTitle);
      }
    }
    scanBody(section, ctx);
  }

  /**
   * Last resort for documents without Markdown structure: paragraphs that open with a numbered
   * label ("*** Flaw 1 ***", "Issue 3 - ...") or with a problem field ("**Issue**: ...") each start
   * an entry, which runs to the next one.
   */
  private List<Entry> textEntries() {
    List<Entry> out = new ArrayList<>();
    for (Block b : blocks) {
      Cancellation.check();
      if (b.kind != Block.Kind.PARAGRAPH || b.listDepth > 0) {
        continue;
      }
      String first = b.firstLine();
      // A first line over 200 characters is never a label line: do not parse it as a title.
      TitleParser.ParsedTitle pt = first.length() <= 200 ? TitleParser.parse(first) : null;
      String title = null;
      if (pt != null && pt.numbered() && Character.isLetter(pt.label().charAt(0))) {
        // "*** Flaw 1 ***" carries no title of its own: the next line says what went wrong.
        String[] lines = b.text.split("\n");
        boolean bare = pt.title().equals(first) || pt.title().isBlank();
        title =
            bare && lines.length > 1
                ? pt.label() + ": " + lines[1].replaceAll("^[│|\\s]+", "")
                : first;
      } else if (FieldReader.kindOf(leadingLabel(first)) == FieldReader.Kind.PROBLEM) {
        title = first.substring(first.indexOf(':') + 1).trim();
      }
      if (title == null || title.isEmpty()) {
        continue;
      }
      TitleParser.ParsedTitle parsed = TitleParser.parse(title);
      out.add(
          new Entry(
              Entry.Source.TEXT_LINE,
              b.lineStart,
              b.lineEnd,
              parsed,
              null,
              null,
              null,
              null,
              null,
              true));
    }
    // Each entry runs to the line before the next one (or to the end of the document).
    int last = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).lineEnd;
    for (int k = 0; k < out.size(); k++) {
      out.get(k).lineEnd = k + 1 < out.size() ? out.get(k + 1).lineStart - 1 : last;
    }
    return out;
  }

  /** "Issue: text" -> "Issue"; "" when the line has no leading label. */
  private static String leadingLabel(String line) {
    int colon = line.indexOf(':');
    return colon > 0 && colon <= 40 ? line.substring(0, colon) : "";
  }

  private void visitAll(Section s) {
    listed.clear();
    tablesOnly = true;
    visitTables(s);
  }

  private boolean tablesOnly;

  private void visitTables(Section s) {
    scanBody(s, Context.ROOT);
    for (Section c : s.children) {
      visitTables(c);
    }
  }

  /** A heading whose own text holds "**ERROR 1: ...**" labels groups them. */
  private boolean hasBoldLabels(Section s) {
    for (int i = s.from; i < s.ownTo; i++) {
      Block b = blocks.get(i);
      if (b.kind == Block.Kind.PARAGRAPH
          && b.listDepth == 0
          && b.strongLead != null
          && isBoldLabel(i)
          && parseTitle(b.strongLead).numbered()) {
        return true;
      }
    }
    return false;
  }

  private boolean hasEntryChildren(Section s) {
    return remembered(hasEntryChildren, s, this::computeHasEntryChildren);
  }

  /**
   * The answer for {@code s} from {@code memo}, computed once per document. Not {@code
   * computeIfAbsent}: the computations recurse into the same map, which a map may not be modified
   * from inside.
   */
  private static boolean remembered(
      java.util.Map<Section, Boolean> memo,
      Section s,
      java.util.function.Predicate<Section> compute) {
    Boolean known = memo.get(s);
    if (known == null) {
      known = compute.test(s);
      memo.put(s, known);
    }
    return known;
  }

  private boolean computeHasEntryChildren(Section s) {
    for (Section c : s.children) {
      if (!isFieldHeading(c.title())
          && !isNonFailure(c.title())
          && (looksLikeEntry(c) || hasEntryChildren(c))) {
        return true;
      }
    }
    return false;
  }

  private boolean looksLikeEntry(Section s) {
    return remembered(looksLikeEntry, s, this::computeLooksLikeEntry);
  }

  private boolean computeLooksLikeEntry(Section s) {
    String title = s.title();
    if (title.contains("✅") && !title.contains("❌")) {
      return false;
    }
    if (isFieldHeading(title)) {
      return false;
    }
    boolean fieldChildren = false;
    for (Section c : s.children) {
      fieldChildren |= isFieldHeading(c.title());
    }
    TitleParser.ParsedTitle pt = parseTitle(title);
    if (pt.numbered()) {
      return !SectionTitles.isSeverityGroupTitle(pt.title()) || fieldChildren || hasFieldLines(s);
    }
    if (pt.severity() != null && !SectionTitles.isSeverityGroupTitle(title)) {
      return true;
    }
    if (isNonFailure(title)
        || SectionTitles.isSeverityGroupTitle(title)
        || SectionTitles.isGenericGroupTitle(title)) {
      return false;
    }
    return fieldChildren || hasFieldLines(s);
  }

  private boolean hasFieldLines(Section s) {
    int fields = 0;
    for (int i = s.from; i < s.ownTo; i++) {
      Block b = blocks.get(i);
      // Only the section's own top-level lines: sub-bullets of listed items are not its fields.
      if (b.listDepth == 0 && (b.kind == Block.Kind.PARAGRAPH || b.kind == Block.Kind.LIST_ITEM)) {
        for (String line : b.text.split("\n")) {
          if (FieldReader.entryFieldName(line, b.strongLead) != null) {
            fields++;
          }
        }
      }
    }
    return fields > 0;
  }

  private void addHeadingEntry(Section s, Context ctx) {
    int end = s.to > s.from ? blocks.get(s.to - 1).lineEnd : s.heading.lineEnd;
    Entry e =
        inContext(Entry.Source.HEADING, s.heading.lineStart, end, parseTitle(s.title()), ctx, true);
    boolean grouped = ctx.failureGroup() || SectionTitles.isFailureGroup(s.title());
    boolean discussed = ctx.discussion() || isDiscussionTitle(s.title());
    if (discussed && !e.title.numbered()) {
      discussion.add(e);
    } else if (discussed || ctx.weak() || SectionTitles.isWeak(s.title())) {
      // A numbered heading under "Testing Gaps" may carry on the document's numbering (14, 15
      // after 13): like an enhancement, it counts when its number takes its own place.
      weak.add(e);
      weakGroup.put(e, ctx.weak() || ctx.discussion() ? ctx.weakFrom() : s.heading.lineStart);
    } else {
      strong.add(e);
    }
    if (grouped) {
      inFailureGroup.add(e);
    }
  }

  /**
   * An unnumbered heading that explains rather than lists ("Overall Assessment", "Why These Are
   * Hard Problems"). Numbered headings are entries whatever they say.
   */
  private boolean isDiscussionTitle(String title) {
    return !parseTitle(title).numbered() && SectionTitles.isDiscussion(title);
  }

  /**
   * Once a document has set out its failures as a run of numbered headings, what follows the last
   * of them outside any failure group (one-line bullets under "Pattern 3: Missing Rollback") sums
   * up or discusses them. Lists under "Additional Minor Issues" still count, and so do headings: an
   * unnumbered "## Missing Documentation" with its own impact line is one more failure.
   */
  private void dropTrailing(List<Entry> entries) {
    int numbered = 0;
    int last = -1;
    for (Entry e : entries) {
      if (e.source == Entry.Source.HEADING && e.title.numbered()) {
        numbered++;
        last = Math.max(last, e.lineStart);
      }
    }
    if (numbered < 2) {
      return;
    }
    final int lastNumbered = last;
    entries.removeIf(
        e ->
            e.lineStart > lastNumbered
                && !inFailureGroup.contains(e)
                // A list's own "1." marker does not make it part of the headings' numbering.
                && (e.source == Entry.Source.LIST_ITEM || e.source == Entry.Source.TABLE_ROW));
  }

  /** Bold labels, list items and table rows among a section's own blocks. */
  private void scanBody(Section s, Context ctx) {
    List<Entry> bold = new ArrayList<>();
    List<Entry> items = new ArrayList<>();
    List<Integer> itemBlocks = new ArrayList<>();
    List<Entry> rows = new ArrayList<>();
    List<String> header = null;
    boolean rootWithoutHeadings = s.heading == null && s.children.isEmpty();
    // Only the section's own heading decides whether its list enumerates failures: a document
    // title such as "Model Failures" says nothing about a "Deployment Checklist" under it.
    boolean named =
        rootWithoutHeadings || (s.heading != null && SectionTitles.namesFailures(s.title()));
    for (int i = s.from; i < s.ownTo; i++) {
      Cancellation.check();
      Block b = blocks.get(i);
      switch (b.kind) {
        case PARAGRAPH -> {
          if (!tablesOnly && b.listDepth == 0 && b.strongLead != null && isBoldLabel(i)) {
            bold.add(entry(Entry.Source.BOLD_LABEL, b, b.strongLead, ctx, named));
          }
        }
        case LIST_ITEM -> {
          if (!tablesOnly && b.level == 0 && isListEntry(b)) {
            String t = b.strongLead != null ? b.strongLead : listTitle(b.firstLine());
            items.add(entry(Entry.Source.LIST_ITEM, b, t, ctx, named));
            itemBlocks.add(i);
          }
        }
        case TABLE_HEADER -> header = b.cells;
        case TABLE_ROW -> {
          if (header != null && isIssueTable(header) && isFailureRow(b, tablesOnly)) {
            Entry e =
                new Entry(
                    Entry.Source.TABLE_ROW,
                    b.lineStart,
                    b.lineEnd,
                    TitleParser.parse(rowTitle(header, b.cells)),
                    ctx.severity(),
                    ctx.severityRaw(),
                    ctx.category(),
                    header,
                    b.cells,
                    named);
            rows.add(e);
          }
        }
        default -> {}
      }
    }
    int sectionEnd = s.ownTo > s.from ? blocks.get(s.ownTo - 1).lineEnd : 0;
    if (!bold.isEmpty()) {
      // A bold label's entry runs to the next label or the end of the section's own text.
      for (int k = 0; k < bold.size(); k++) {
        bold.get(k).lineEnd =
            k + 1 < bold.size() ? bold.get(k + 1).lineStart - 1 : Math.max(sectionEnd, 0);
      }
      route(bold, ctx, strong);
    } else if (!items.isEmpty()) {
      if (itemsAreHeadings(itemBlocks, s.ownTo)) {
        // "1) Title" lines each followed by unindented paragraphs: the Markdown list ends at the
        // title line, but the paragraphs after it (evidence, fix) are the entry's body.
        for (int k = 0; k < items.size(); k++) {
          Entry e = items.get(k);
          e.lineEnd =
              Math.max(
                  e.lineEnd, k + 1 < items.size() ? items.get(k + 1).lineStart - 1 : sectionEnd);
        }
      }
      route(items, ctx, listed);
    } else if (!rows.isEmpty()) {
      route(rows, ctx, listed);
    }
  }

  /** Adds a section's body entries to the list their context puts them in. */
  private void route(List<Entry> found, Context ctx, List<Entry> otherwise) {
    // Bold labels are numbered: under a discussion heading they are judged like weak headings.
    if (ctx.discussion() && (found.isEmpty() || found.get(0).source != Entry.Source.BOLD_LABEL)) {
      discussion.addAll(found);
    } else if (ctx.weak() || ctx.discussion()) {
      weak.addAll(found);
      found.forEach(e -> weakGroup.put(e, ctx.weakFrom()));
    } else {
      otherwise.addAll(found);
    }
    if (ctx.failureGroup()) {
      inFailureGroup.addAll(found);
    }
  }

  /**
   * True when list items stand as headings: there are at least two, and every item is followed by
   * top-level text (a paragraph, code, a table) before the next item or, for the last, before the
   * section ends. A list of short failures has items back to back, or a closing paragraph after the
   * last only.
   */
  private boolean itemsAreHeadings(List<Integer> itemBlocks, int sectionTo) {
    if (itemBlocks.size() < 2) {
      return false;
    }
    for (int k = 0; k < itemBlocks.size(); k++) {
      int to = k + 1 < itemBlocks.size() ? itemBlocks.get(k + 1) : sectionTo;
      if (!hasTopLevelText(itemBlocks.get(k) + 1, to)) {
        return false;
      }
    }
    return true;
  }

  private boolean hasTopLevelText(int from, int to) {
    for (int i = from; i < to; i++) {
      Block b = blocks.get(i);
      if (b.listDepth == 0
          && (b.kind == Block.Kind.PARAGRAPH
              || b.kind == Block.Kind.CODE
              || b.kind == Block.Kind.TABLE_ROW)) {
        return true;
      }
    }
    return false;
  }

  private Entry entry(Entry.Source source, Block b, String title, Context ctx, boolean named) {
    TitleParser.ParsedTitle pt = parseTitle(title);
    if (!pt.numbered() && b.ordered) {
      // The list marker is the entry's number: "3." in "3. **Title**".
      pt =
          new TitleParser.ParsedTitle(
              String.valueOf(b.number),
              b.number,
              pt.title(),
              pt.severity(),
              pt.severityRaw(),
              pt.category());
    }
    return inContext(source, b.lineStart, b.lineEnd, pt, ctx, named);
  }

  /** An entry that takes its section severity and category from the enclosing groups. */
  private static Entry inContext(
      Entry.Source source,
      int lineStart,
      int lineEnd,
      TitleParser.ParsedTitle pt,
      Context ctx,
      boolean named) {
    return new Entry(
        source,
        lineStart,
        lineEnd,
        pt,
        ctx.severity(),
        ctx.severityRaw(),
        ctx.category(),
        null,
        null,
        named);
  }

  private boolean isBoldLabel(int index) {
    if (boldLabel[index] == null) {
      boldLabel[index] = isBoldLabel(blocks.get(index));
    }
    return boldLabel[index];
  }

  private boolean isBoldLabel(Block b) {
    String lead = b.strongLead;
    if (SectionTitles.isField(lead) || FieldReader.entryFieldName(b.firstLine(), lead) != null) {
      return false;
    }
    TitleParser.ParsedTitle pt = parseTitle(lead);
    // "**ERROR 14: ...**", "**1. Title**" or "**Critical: Title**" on a line of its own.
    String first = b.firstLine();
    boolean ownLine = first.length() <= lead.length() + 3;
    return (pt.numbered() || pt.severity() != null) && ownLine;
  }

  private static final Pattern COUNT_LINE =
      Pattern.compile(
          "^\\W*(?:" + Severity.WORDS + ")\\W*(?:issues?|errors?|failures?)?\\W*\\d+\\W*$");
  // "Total fixes: 4 minor corrections", "Overall: 3 issues", "Severity breakdown:": a sum of the
  // entries, not one of them.
  private static final Pattern TOTAL_LINE =
      Pattern.compile(
          "^\\W*(?:(?:total|overall|in total|sum)\\b[^:]{0,40}:\\W*\\d"
              + "|(?:(?:severity|issue|failure|error|fix)s? )?(?:breakdown|distribution)\\b)");
  private static final Pattern CROSS_REFERENCE_LINE =
      Pattern.compile("^(?:(?:error|bug|issue)\\s*#?\\d+\\W*)+$");

  private static boolean isListEntry(Block b) {
    String first = b.firstLine();
    if (first.isEmpty() || (first.contains("✅") && !first.contains("❌"))) {
      return false;
    }
    if (b.strongLead != null && SectionTitles.isField(b.strongLead)) {
      return false;
    }
    // Count and cross-reference lines ("Critical: 3", "ERROR 2, ERROR 4") are not failures.
    String lower = first.toLowerCase(Locale.ROOT);
    return !COUNT_LINE.matcher(lower).matches()
        && !CROSS_REFERENCE_LINE.matcher(lower).matches()
        && !TOTAL_LINE.matcher(lower).find()
        && first.length() >= 8;
  }

  /** A list item's title: its text up to the first sentence or clause break. */
  private static String listTitle(String first) {
    String t = first;
    int colon = t.indexOf(": ");
    if (colon > 8 && colon < 120) {
      t = t.substring(0, colon);
    }
    return t.length() > 200 ? t.substring(0, 200) : t;
  }

  private static boolean isIssueTable(List<String> header) {
    for (String h : header) {
      if (ISSUE_COLUMN.matcher(h).find()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFailureRow(Block row, boolean anyRow) {
    if (row.cells.isEmpty() || row.cells.stream().allMatch(String::isBlank)) {
      return false;
    }
    if (TOTAL_ROW.matcher(row.cells.get(0)).find()) {
      return false;
    }
    if (anyRow) {
      return true;
    }
    for (String cell : row.cells) {
      if (POSITIVE_CELL.matcher(cell.trim()).matches()) {
        return false;
      }
    }
    return true;
  }

  private static final Pattern NUMBER_CELL = Pattern.compile("^#?\\d+\\.?$");

  /** The row's title: the first issue-like column, else the first non-numeric cell. */
  private static String rowTitle(List<String> header, List<String> cells) {
    for (int i = 0; i < header.size() && i < cells.size(); i++) {
      if (ISSUE_COLUMN.matcher(header.get(i)).find() && !cells.get(i).isBlank()) {
        return cells.get(i);
      }
    }
    for (String c : cells) {
      if (!c.isBlank() && !NUMBER_CELL.matcher(c).matches()) {
        return c;
      }
    }
    return cells.get(0);
  }

  private static String layoutOf(List<Entry> entries) {
    if (entries.isEmpty()) {
      return "none";
    }
    int[] counts = new int[Entry.Source.values().length];
    int numbered = 0;
    int labelled = 0;
    for (Entry e : entries) {
      counts[e.source.ordinal()]++;
      if (e.title.numbered()) {
        numbered++;
        if (Character.isLetter(e.title.label().charAt(0))) {
          labelled++;
        }
      }
    }
    int best = 0;
    for (int i = 1; i < counts.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    return switch (Entry.Source.values()[best]) {
      case HEADING ->
          labelled * 2 > entries.size()
              ? "labelled-headings"
              : numbered * 2 > entries.size() ? "numbered-headings" : "plain-headings";
      case BOLD_LABEL -> "bold-labels";
      case LIST_ITEM -> numbered * 2 > entries.size() ? "numbered-list" : "bullet-list";
      case TABLE_ROW -> "table-rows";
      case TEXT_LINE -> "plain-text";
    };
  }
}
