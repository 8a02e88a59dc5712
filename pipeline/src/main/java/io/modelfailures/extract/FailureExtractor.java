package io.modelfailures.extract;

import io.modelfailures.catalog.ServiceCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Extracts failure records from the text of one MODEL_FAILURES document.
 *
 * <p>Consumes decoded Markdown text; emits an {@link Extraction}. Plain Java with no Beam types:
 * the pipeline builds one per worker thread (the CommonMark {@link Parser} is not serializable) and
 * calls {@link #extract(String)} per document.
 */
public final class FailureExtractor {

  /** Bumped whenever a change to extraction can change the records it emits. */
  public static final String PARSER_VERSION = "1.0.0";

  private static final Pattern FIX_SENTENCE =
      Pattern.compile(
          "\\b(fixed by|(?:was|were|has been|have been) (?:fixed|changed|updated|added|replaced"
              + "|corrected|removed|resolved|implemented|moved|renamed)|fix(?:ed)? (?:it|this) by"
              + "|changed (?:it |this |the [\\w-]+ )?(?:to|from)|updated (?:to|the)|replaced (?:it |this )?"
              + "(?:with|by)|resolved by|corrected (?:to|by|the)|now (?:uses?|includes?|creates?)"
              + "|switched to|the fix (?:is|was)|to fix this|added (?:the |a |an |missing |proper )"
              + "|ideal[_ ]response\\b(?:\\.md)?(?! (?:is|was) (?:also )?(?:wrong|incorrect))"
              + "|(?://|#)\\s*(?:correct(?:ed)?|fixed|ideal|after|good)\\b)",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern FIX_COLUMN =
      Pattern.compile(
          "\\b(fix|fixes|solution|resolution|remediation|ideal|correct\\w*|expected|should|recommend\\w*)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SEVERITY_COLUMN =
      Pattern.compile(
          "\\b(severity|priority|impact|criticality|risk|level)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern CATEGORY_COLUMN =
      Pattern.compile("\\b(category|type|area|classification)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern LOCATION_IN_TITLE =
      Pattern.compile(
          "\\s*\\(([\\w./-]+\\.(?:py|ts|js|java|go|tf|ya?ml|json|hcl|md)[^)]*)\\)\\s*$");

  private static final Pattern EMPTY_CELL = Pattern.compile("^[-–—]+$|^n/?a$");
  private static final Pattern MARKERS_AROUND = Pattern.compile("^[*_`\\s]+|[*_`\\s]+$");

  private final Parser parser;
  private final ServiceCatalog catalog;

  public FailureExtractor(ServiceCatalog catalog) {
    this.catalog = catalog;
    this.parser =
        Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();
  }

  /** Extracts failures and declared statistics from {@code rawText}. Never returns null. */
  public Extraction extract(String rawText) {
    // CommonMark treats CR, LF and CRLF alike as line ends; normalise so line numbers agree.
    String text = rawText.replace("\r\n", "\n").replace('\r', '\n');
    String[] lines = text.split("\n", -1);
    Node doc = parser.parse(text);
    int offset = 0;
    boolean fenced = false;
    FencedCodeBlock wrapper = markdownWrapper(doc, lines.length);
    if (wrapper != null) {
      offset = wrapper.getSourceSpans().get(0).getLineIndex() + 1;
      doc = parser.parse(wrapper.getLiteral());
      fenced = true;
    }
    Cancellation.check();
    List<Block> blocks = OutlineBuilder.build(doc, offset);
    EntryDetector.Detection detection = EntryDetector.detect(blocks);
    List<Entry> entries = detection.entries();

    boolean[] skip = new boolean[lines.length];
    for (Block b : blocks) {
      if (b.kind == Block.Kind.CODE) {
        mark(skip, b.lineStart, b.lineEnd);
      }
    }
    boolean[] codeOnly = skip.clone();
    for (Entry e : entries) {
      mark(skip, e.lineStart, e.lineEnd);
    }
    DeclaredStats.Declared declared = DeclaredStats.read(lines, skip);
    Map<Integer, Severity> xrefs = CrossReferences.read(lines, skip);

    List<ExtractedFailure> failures = new ArrayList<>();
    LineLabels labels = new LineLabels(lines);
    boolean rubric = NoFailures.rubric(lines, codeOnly);
    for (Entry e : rubric ? List.<Entry>of() : entries) {
      Cancellation.check();
      failures.add(toFailure(e, failures.size() + 1, lines, labels, xrefs));
    }
    boolean noFailures = failures.isEmpty() && !rubric && NoFailures.stated(lines, codeOnly);
    Map<Integer, String> xrefLabels = new LinkedHashMap<>();
    xrefs.forEach((k, v) -> xrefLabels.put(k, v.label()));
    String layout =
        rubric
            ? "rubric"
            : failures.isEmpty() ? (noFailures ? "no-failures" : "none") : detection.layout();
    Map<String, Integer> counts = declared.counts();
    int countsLine = declared.countsLine();
    if (declared.countsImplied() && failures.stream().allMatch(f -> f.severity() == null)) {
      // "the following 3 critical faults" over entries that carry no severity describes them; it
      // is not a breakdown to check them against.
      counts = Map.of();
      countsLine = 0;
    }
    return new Extraction(
        failures,
        fenced ? "fenced-" + layout : layout,
        fenced,
        noFailures,
        declared.total(),
        declared.totalLine(),
        counts,
        countsLine,
        declared.trainingScore(),
        declared.trainingScoreLine(),
        xrefLabels,
        lines.length);
  }

  /** A ```markdown fence that holds most of the document is the document. */
  private static FencedCodeBlock markdownWrapper(Node doc, int lineCount) {
    for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof FencedCodeBlock fc && !fc.getSourceSpans().isEmpty()) {
        String info = fc.getInfo() == null ? "" : fc.getInfo().trim().toLowerCase();
        int span = fc.getSourceSpans().size();
        if ((info.equals("markdown") || info.equals("md")) && span * 2 >= lineCount) {
          return fc;
        }
      }
    }
    return null;
  }

  private static void mark(boolean[] mask, int lineStart, int lineEnd) {
    for (int l = Math.max(1, lineStart); l <= lineEnd && l <= mask.length; l++) {
      mask[l - 1] = true;
    }
  }

  private ExtractedFailure toFailure(
      Entry e, int ordinal, String[] lines, LineLabels labels, Map<Integer, Severity> xrefs) {
    boolean headed = e.source == Entry.Source.HEADING || e.source == Entry.Source.BOLD_LABEL;
    int bodyFrom = headed ? e.lineStart : e.lineStart - 1; // 0-based; skips a title line
    FieldReader.Fields fields = FieldReader.read(lines, labels, bodyFrom, e.lineEnd - 1);
    String title = e.title.title();
    String location = value(fields, FieldReader.Kind.LOCATION);
    Matcher loc = LOCATION_IN_TITLE.matcher(title);
    if (loc.find()) {
      location = location == null ? loc.group(1) : location;
      title = title.substring(0, loc.start()).trim();
    }

    Severity severity = null;
    String severityRaw = null;
    String severitySource = null;
    // "**Severity**: High" wins; "**Impact**: HIGH - ..." or "**Risk**: Critical" count only
    // when their value starts with a severity word.
    for (FieldReader.Kind kind :
        new FieldReader.Kind[] {FieldReader.Kind.SEVERITY, FieldReader.Kind.IMPACT}) {
      for (FieldReader.Field f : fields.allOf(kind)) {
        var s = Severity.fromFieldValue(f.value());
        if (severity == null && s.isPresent()) {
          severity = s.get();
          severityRaw = firstLine(f.value());
          severitySource = "entry";
        }
      }
    }
    if (severity == null && e.title.severity() != null) {
      severity = e.title.severity();
      severityRaw = e.title.severityRaw();
      severitySource = "entry";
    }
    if (severity == null
        && e.source != Entry.Source.HEADING
        && e.source != Entry.Source.TABLE_ROW) {
      TitleParser.ParsedTitle line = TitleParser.parse(firstLine(lines[e.lineStart - 1]));
      if (line.severity() != null) {
        severity = line.severity();
        severityRaw = line.severityRaw();
        severitySource = "entry";
      }
    }
    String categoryRaw = value(fields, FieldReader.Kind.CATEGORY);
    String fix = value(fields, FieldReader.Kind.FIX);
    boolean hasFix = fields.first(FieldReader.Kind.FIX) != null;
    if (e.source == Entry.Source.TABLE_ROW) {
      for (int i = 0; i < e.header.size() && i < e.cells.size(); i++) {
        String h = e.header.get(i);
        String c = e.cells.get(i).trim();
        if (c.isEmpty() || EMPTY_CELL.matcher(c).matches()) {
          continue;
        }
        if (severity == null && SEVERITY_COLUMN.matcher(h).find()) {
          var s = Severity.fromFieldValue(c);
          if (s.isPresent()) {
            severity = s.get();
            severityRaw = c;
            severitySource = "entry";
          }
        } else if (categoryRaw == null && CATEGORY_COLUMN.matcher(h).find()) {
          categoryRaw = c;
        } else if (FIX_COLUMN.matcher(h).find()) {
          fix = fix == null ? c : fix;
          hasFix = true;
        }
      }
    }
    if (severity == null && e.sectionSeverity != null) {
      severity = e.sectionSeverity;
      severityRaw = e.sectionSeverityRaw;
      severitySource = "section";
    }
    if (severity == null && e.title.number() >= 0 && xrefs.containsKey(e.title.number())) {
      severity = xrefs.get(e.title.number());
      severityRaw = "cross-reference";
      severitySource = "cross-reference";
    }
    if (categoryRaw == null) {
      categoryRaw = e.title.category() != null ? e.title.category() : e.sectionCategory;
    }
    String body = join(lines, e.lineStart - 1, e.lineEnd - 1);
    if (!hasFix && FIX_SENTENCE.matcher(body).find()) {
      hasFix = true;
    }
    List<String> services = selectServices(title, lines, labels, e);
    return new ExtractedFailure(
        ordinal,
        e.title.label(),
        e.title.number(),
        title,
        severity == null ? null : severity.label(),
        severityRaw,
        severitySource,
        e.sectionSeverity == null ? null : e.sectionSeverity.label(),
        CategoryTaxonomy.normalise(categoryRaw, title),
        clean(categoryRaw),
        services,
        clean(location),
        clean(value(fields, FieldReader.Kind.ROOT_CAUSE)),
        clean(value(fields, FieldReader.Kind.IMPACT)),
        fix == null || fix.isBlank() ? (hasFix ? firstLine(body) : null) : fix,
        hasFix,
        e.lineStart,
        e.lineEnd);
  }

  /** The services an entry is about, as {@link ServiceSelector} chooses them. */
  private List<String> selectServices(String title, String[] lines, LineLabels labels, Entry e) {
    int from = e.source == Entry.Source.TABLE_ROW ? e.lineStart - 1 : e.lineStart;
    return ServiceSelector.select(catalog, title, lines, labels, from, e.lineEnd);
  }

  private static String value(FieldReader.Fields fields, FieldReader.Kind kind) {
    FieldReader.Field f = fields.first(kind);
    return f == null ? null : f.value();
  }

  private static String clean(String s) {
    if (s == null) {
      return null;
    }
    String t = MARKERS_AROUND.matcher(s.strip()).replaceAll("");
    return t.isEmpty() ? null : t;
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }

  private static String join(String[] lines, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = Math.max(0, from); i <= to && i < lines.length; i++) {
      sb.append(lines[i]).append('\n');
    }
    return sb.toString();
  }
}
