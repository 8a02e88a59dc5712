package io.modelfailures.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts, drawn by JFreeChart and serialised by JFreeSVG as inline SVG elements.
 *
 * <p>Consumes {@link ReportData}; emits one {@code <svg>} string per chart. Each chart gets its own
 * id prefix so that several can share one page without their clip paths colliding.
 */
final class Charts {

  static final int WIDTH = 900;
  static final Map<String, Color> SEVERITY_COLORS =
      Map.of(
          "critical", new Color(0xB2182B),
          "high", new Color(0xEF8A62),
          "medium", new Color(0xF4C542),
          "low", new Color(0x67A9CF),
          "unrated", new Color(0xA0A0A0));

  private Charts() {}

  static {
    // Charts draw through AWT; a batch job has no display.
    System.setProperty("java.awt.headless", "true");
    ChartFactory.setChartTheme(StandardChartTheme.createJFreeTheme());
  }

  /** "unknown" severity in the tables is shown as "unrated", as in stats_services. */
  static String severityLabel(String s) {
    return "unknown".equals(s) ? "unrated" : s;
  }

  static String severityByPlatform(Map<String, Map<String, Long>> data) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (String severity : ReportData.SEVERITIES) {
      for (Map.Entry<String, Map<String, Long>> p : data.entrySet()) {
        ds.addValue(p.getValue().getOrDefault(severity, 0L), severityLabel(severity), p.getKey());
      }
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            null, "platform", "failures", ds, PlotOrientation.VERTICAL, true, false, false);
    colourBySeverity(chart);
    return svg(chart, "sev", WIDTH, 420);
  }

  static String topServices(List<ReportData.ServiceRow> rows) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    String[] names = {"critical", "high", "medium", "low", "unrated"};
    for (int s = 0; s < names.length; s++) {
      for (ReportData.ServiceRow r : rows) {
        ds.addValue(r.bySeverity()[s], names[s], r.service());
      }
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            null, null, "failures", ds, PlotOrientation.HORIZONTAL, true, false, false);
    colourBySeverity(chart);
    return svg(chart, "svc", WIDTH, 120 + 28 * Math.max(1, rows.size()));
  }

  static String failuresByQuality(List<ReportData.QualityRow> rows) {
    DefaultBoxAndWhiskerCategoryDataset ds = new DefaultBoxAndWhiskerCategoryDataset();
    for (ReportData.QualityRow q : rows) {
      if (ReportData.ALL.equals(q.quality())) {
        continue;
      }
      // Box p25–p75, line at the median, dot at the mean, whiskers from the minimum to p90.
      ds.add(
          new BoxAndWhiskerItem(
              q.mean(), q.median(), q.p25(), q.p75(), q.min(), q.p90(), null, null, List.of()),
          "failures per document",
          q.quality() + " n=" + q.documents());
    }
    JFreeChart chart =
        ChartFactory.createBoxAndWhiskerChart(
            null, "metadata training_quality", "failures per document", ds, false);
    CategoryPlot plot = chart.getCategoryPlot();
    BoxAndWhiskerRenderer renderer = (BoxAndWhiskerRenderer) plot.getRenderer();
    renderer.setSeriesPaint(0, new Color(0x67A9CF));
    renderer.setMaximumBarWidth(0.045);
    renderer.setMeanVisible(true);
    style(chart);
    plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    return svg(chart, "tq", WIDTH, 420);
  }

  static String findingsByRule(List<ReportData.RuleRow> rows) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (ReportData.RuleRow r : rows) {
      ds.addValue(r.hits(), r.level(), r.rule());
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            null, null, "findings", ds, PlotOrientation.HORIZONTAL, true, false, false);
    BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
    for (int i = 0; i < ds.getRowCount(); i++) {
      String level = String.valueOf(ds.getRowKey(i));
      renderer.setSeriesPaint(
          i,
          switch (level) {
            case "error" -> new Color(0xB2182B);
            case "warning" -> new Color(0xF4C542);
            default -> new Color(0x67A9CF);
          });
    }
    style(chart);
    return svg(chart, "rule", WIDTH, 120 + 26 * Math.max(1, rows.size()));
  }

  static String topPatterns(List<ReportData.PatternRow> rows) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (ReportData.PatternRow p : rows) {
      ds.addValue(p.failures(), "failures", shorten(p.exampleTitle(), 60) + " · " + p.patternId());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            null, null, "failures", ds, PlotOrientation.HORIZONTAL, false, false, false);
    ((BarRenderer) chart.getCategoryPlot().getRenderer()).setSeriesPaint(0, new Color(0x2166AC));
    style(chart);
    return svg(chart, "pat", WIDTH, 120 + 28 * Math.max(1, rows.size()));
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static void colourBySeverity(JFreeChart chart) {
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    for (int i = 0; i < plot.getDataset().getRowCount(); i++) {
      Color c = SEVERITY_COLORS.get(String.valueOf(plot.getDataset().getRowKey(i)));
      if (c != null) {
        renderer.setSeriesPaint(i, c);
      }
    }
    style(chart);
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(new Color(0xF7F7F7));
    plot.setRangeGridlinePaint(new Color(0xC8C8C8));
    plot.setOutlineVisible(false);
    if (plot.getRenderer() instanceof BarRenderer bar) {
      bar.setBarPainter(new StandardBarPainter());
      bar.setShadowVisible(false);
      bar.setDrawBarOutline(false);
    }
    CategoryAxis axis = plot.getDomainAxis();
    axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    axis.setMaximumCategoryLabelWidthRatio(0.45f);
    // Narrow columns wrap their labels ("10 n=173") instead of cutting them to "...".
    axis.setMaximumCategoryLabelLines(2);
  }

  private static String svg(JFreeChart chart, String id, int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-");
    chart.draw(g, new Rectangle(0, 0, width, height));
    return g.getSVGElement("chart-" + id);
  }
}
