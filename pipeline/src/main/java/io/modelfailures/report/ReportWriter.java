package io.modelfailures.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Writes {@code OUT/report.html}: one self-contained page, no script and no network, with the
 * headline numbers, five charts (inline SVG) and the numbers behind each chart.
 *
 * <p>Consumes {@link ReportData}; emits HTML. Every number is marked with the table, row key and
 * column it comes from ({@code data-table}, {@code data-key}, {@code data-column}), so a test can
 * check each one against the tables.
 */
public final class ReportWriter {

  static final String FILE = "report.html";

  private ReportWriter() {}

  /** Reads the statistics tables under {@code outputDir} and writes the report beside them. */
  public static void write(String outputDir, String subtitle) throws IOException {
    ReportData data = ReportData.read(new TableReader(outputDir));
    String html = render(data, subtitle);
    ResourceId file =
        FileSystems.matchNewResource(outputDir, true)
            .resolve(
                FILE, org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT))) {
      out.write(html.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Regenerates the report of an existing output: {@code ReportWriter OUT}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ReportWriter OUTPUT_DIR");
      System.exit(2);
    }
    write(args[0], "regenerated from " + args[0]);
  }

  static String render(ReportData d, String subtitle) {
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.raw("<title>Model failures report</title><style>").raw(CSS).raw("</style></head><body>");
    h.raw("<h1>Model failures report</h1><p class=\"sub\">").text(subtitle).raw("</p>");
    headline(h, d);
    h.raw("<section><h2>Failures by severity and platform</h2>");
    h.raw(Charts.severityByPlatform(d.severityByPlatform()));
    severityTable(h, d.severityByPlatform());
    h.raw("</section><section><h2>Top ").raw(String.valueOf(ReportData.TOP));
    h.raw(" services by failures</h2>").raw(Charts.topServices(d.topServices()));
    servicesTable(h, d.topServices());
    h.raw("</section><section><h2>Failures per document against training_quality</h2>");
    h.raw("<p class=\"note\">Box: 25th–75th percentile; line: median; dot: mean; whiskers: ");
    h.raw("minimum to 90th percentile.</p>").raw(Charts.failuresByQuality(d.byQuality()));
    qualityTable(h, d.byQuality());
    correlation(h, d.spearman());
    h.raw("</section><section><h2>Findings by rule</h2>").raw(Charts.findingsByRule(d.rules()));
    rulesTable(h, d.rules());
    h.raw("</section><section><h2>Top failure patterns</h2>")
        .raw(Charts.topPatterns(d.topPatterns()));
    patternsTable(h, d.topPatterns());
    h.raw("</section><footer>Every number above is read from the Parquet tables in this ");
    h.raw("folder; see the README for their columns.</footer></body></html>\n");
    return h.toString();
  }

  private static void headline(Html h, ReportData d) {
    String key = "platform=*;language=*;status=";
    h.raw("<div class=\"cards\">");
    card(h, "documents", "stats_documents", key + "*", "documents", d.documentsByStatus().get("*"));
    for (String s : List.of("parsed", "partial", "quarantined")) {
      card(h, s, "stats_documents", key + s, "documents", d.documentsByStatus().get(s));
    }
    card(
        h,
        "failures",
        "stats_failures",
        "platform=*;language=*;severity=*;category=*",
        "failures",
        d.failures());
    card(h, "error findings", "stats_documents", key + "*", "error_findings", d.errorFindings());
    h.raw("</div>");
  }

  private static void card(Html h, String label, String table, String key, String col, long v) {
    h.raw("<div class=\"card\"><div class=\"label\">").text(label).raw("</div>");
    h.raw("<div class=\"value\">").num(table, key, col, v).raw("</div></div>");
  }

  private static void severityTable(Html h, Map<String, Map<String, Long>> data) {
    h.raw("<table><tr><th>platform</th>");
    for (String s : ReportData.SEVERITIES) {
      h.raw("<th>").text(Charts.severityLabel(s)).raw("</th>");
    }
    h.raw("</tr>");
    for (Map.Entry<String, Map<String, Long>> p : data.entrySet()) {
      h.raw("<tr><td>").text(p.getKey()).raw("</td>");
      for (String s : ReportData.SEVERITIES) {
        Long v = p.getValue().get(s);
        h.raw("<td>");
        if (v == null) {
          h.raw("0");
        } else {
          h.num(
              "stats_failures",
              "platform=" + p.getKey() + ";language=*;severity=" + s + ";category=*",
              "failures",
              v);
        }
        h.raw("</td>");
      }
      h.raw("</tr>");
    }
    h.raw("</table>");
  }

  private static void servicesTable(Html h, List<ReportData.ServiceRow> rows) {
    h.raw("<table><tr><th>service</th><th>failures</th><th>documents</th><th>critical</th>");
    h.raw("<th>high</th><th>medium</th><th>low</th><th>unrated</th></tr>");
    String[] cols = {"critical", "high", "medium", "low", "unrated"};
    for (ReportData.ServiceRow r : rows) {
      String key = "service=" + r.service();
      h.raw("<tr><td>").text(r.service()).raw("</td><td>");
      h.num("stats_services", key, "failures", r.failures()).raw("</td><td>");
      h.num("stats_services", key, "documents", r.documents()).raw("</td>");
      for (int i = 0; i < cols.length; i++) {
        h.raw("<td>").num("stats_services", key, cols[i], r.bySeverity()[i]).raw("</td>");
      }
      h.raw("</tr>");
    }
    h.raw("</table>");
  }

  private static void qualityTable(Html h, List<ReportData.QualityRow> rows) {
    h.raw("<table><tr><th>training_quality</th><th>documents</th><th>mean</th><th>min</th>");
    h.raw("<th>p25</th><th>median</th><th>p75</th><th>p90</th><th>max</th>");
    h.raw("<th>mean training_value</th></tr>");
    for (ReportData.QualityRow q : rows) {
      String key = "training_quality=" + q.quality();
      String t = "stats_training_value";
      h.raw("<tr><td>").text(q.quality().equals("*") ? "all" : q.quality()).raw("</td><td>");
      h.num(t, key, "documents", q.documents()).raw("</td><td>");
      h.dec(t, key, "mean_failures", q.mean()).raw("</td><td>");
      h.num(t, key, "min_failures", q.min()).raw("</td><td>");
      h.dec(t, key, "p25_failures", q.p25()).raw("</td><td>");
      h.dec(t, key, "median_failures", q.median()).raw("</td><td>");
      h.dec(t, key, "p75_failures", q.p75()).raw("</td><td>");
      h.dec(t, key, "p90_failures", q.p90()).raw("</td><td>");
      h.num(t, key, "max_failures", q.max()).raw("</td><td>");
      h.dec(t, key, "mean_training_value", q.meanTrainingValue()).raw("</td></tr>");
    }
    h.raw("</table>");
  }

  private static void correlation(Html h, Map<String, Double> rho) {
    h.raw("<h3>Spearman rank correlation of training_value with training_quality</h3>");
    h.raw("<table><tr><th>platform</th><th>Spearman ρ</th></tr>");
    for (Map.Entry<String, Double> e : rho.entrySet()) {
      h.raw("<tr><td>").text(e.getKey().equals("*") ? "all" : e.getKey()).raw("</td><td>");
      if (e.getValue() == null) {
        h.raw("n/a");
      } else {
        h.dec("stats_correlation", "platform=" + e.getKey(), "spearman", e.getValue());
      }
      h.raw("</td></tr>");
    }
    h.raw("</table>");
  }

  private static void rulesTable(Html h, List<ReportData.RuleRow> rows) {
    h.raw("<table><tr><th>rule</th><th>level</th><th>hits</th><th>documents hit</th></tr>");
    for (ReportData.RuleRow r : rows) {
      String key = "rule=" + r.rule();
      h.raw("<tr><td>").text(r.rule()).raw("</td><td>").text(r.level()).raw("</td><td>");
      h.num("rule_summary", key, "hits", r.hits()).raw("</td><td>");
      h.num("rule_summary", key, "documents_hit", r.documentsHit()).raw("</td></tr>");
    }
    h.raw("</table>");
  }

  private static void patternsTable(Html h, List<ReportData.PatternRow> rows) {
    h.raw("<table><tr><th>pattern</th><th>services</th><th>failures</th><th>documents</th>");
    h.raw("<th>typical severity</th><th>example</th></tr>");
    for (ReportData.PatternRow p : rows) {
      String key = "pattern_id=" + p.patternId();
      h.raw("<tr><td>").text(p.pattern()).raw("</td><td>").text(p.services()).raw("</td><td>");
      h.num("failure_patterns", key, "failures", p.failures()).raw("</td><td>");
      h.num("failure_patterns", key, "documents", p.documents()).raw("</td><td>");
      h.text(p.severity()).raw("</td><td>").text(p.exampleTitle());
      h.raw(" <code>").text(p.exampleFailureId()).raw("</code></td></tr>");
    }
    h.raw("</table>");
  }

  /** A tiny HTML builder: escapes text, marks numbers with where they come from. */
  private static final class Html {
    private final StringBuilder sb = new StringBuilder();

    Html raw(String s) {
      sb.append(s);
      return this;
    }

    Html text(String s) {
      if (s == null) {
        return this;
      }
      for (char c : s.toCharArray()) {
        switch (c) {
          case '<' -> sb.append("&lt;");
          case '>' -> sb.append("&gt;");
          case '&' -> sb.append("&amp;");
          case '"' -> sb.append("&quot;");
          default -> sb.append(c);
        }
      }
      return this;
    }

    Html num(String table, String key, String column, long v) {
      return open(table, key, column).raw(String.valueOf(v)).raw("</span>");
    }

    Html dec(String table, String key, String column, double v) {
      return open(table, key, column).raw(String.format(Locale.ROOT, "%.2f", v)).raw("</span>");
    }

    private Html open(String table, String key, String column) {
      raw("<span class=\"n\" data-table=\"").text(table).raw("\" data-key=\"").text(key);
      return raw("\" data-column=\"").text(column).raw("\">");
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }

  private static final String CSS =
      "body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:2rem auto;"
          + "max-width:960px;color:#222}h1{margin-bottom:0}.sub{color:#666;margin-top:.2rem}"
          + ".cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1.5rem 0}"
          + ".card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:110px}"
          + ".card .label{color:#666;font-size:.85rem}.card .value{font-size:1.6rem;"
          + "font-weight:600}section{margin:2.5rem 0}svg{max-width:100%;height:auto}"
          + "table{border-collapse:collapse;font-size:.85rem;margin:.8rem 0}"
          + "td,th{border-bottom:1px solid #eee;padding:.25rem .6rem;text-align:left}"
          + ".note{color:#666;font-size:.85rem}footer{color:#666;font-size:.8rem}";
}
