package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelfailures.stats.PatternKey;
import io.modelfailures.validate.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the statistics tables of an output against the record tables, read independently by DuckDB
 * from Parquet and recomputed in SQL (cubes, quantiles, ranks). Also checks every number in
 * report.html against the table it names. Used on sample-data by a unit test and on the corpus by
 * {@link CorpusIT}.
 */
final class StatsReconciliation implements AutoCloseable {

  private final Connection c;
  private final Statement st;
  private final Path out;

  StatsReconciliation(Path out) throws SQLException {
    this.out = out;
    c = DriverManager.getConnection("jdbc:duckdb:");
    st = c.createStatement();
    for (String table : FailuresPipeline.tableSchemas().keySet()) {
      String glob = out.resolve("parquet").resolve(table).resolve("*.parquet").toString();
      st.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + glob + "')");
    }
    // A document's failure rows: non-primary copies of a duplicated file list none.
    st.execute(
        "CREATE VIEW doc_failures AS SELECT d.*, (SELECT count(*) FROM failures f"
            + " WHERE f.source_path = d.source_path) AS n FROM documents d");
    st.execute(
        "CREATE VIEW counted_docs AS SELECT * FROM doc_failures d WHERE status <> 'quarantined'"
            + " AND (doc_id IS NULL OR source_path = (SELECT min(source_path) FROM documents x"
            + " WHERE x.doc_id = d.doc_id))");
  }

  /** Rows of {@code a} missing from {@code b} and the other way round: both must be empty. */
  void assertSameRows(String what, String a, String b) throws SQLException {
    List<String> onlyA = rows("(" + a + ") EXCEPT ALL (" + b + ")");
    List<String> onlyB = rows("(" + b + ") EXCEPT ALL (" + a + ")");
    assertThat(onlyA).as("%s rows only in the table", what).isEmpty();
    assertThat(onlyB).as("%s rows only in the recomputation", what).isEmpty();
    assertThat(scalar("SELECT count(*) FROM (" + a + ")")).as("%s rows", what).isPositive();
  }

  void checkAll() throws Exception {
    statsDocuments();
    statsFailures();
    statsServices();
    statsTrainingValue();
    statsCorrelation();
    failurePatterns();
    ruleSummary();
    reportNumbers();
  }

  void statsDocuments() throws SQLException {
    assertSameRows(
        "stats_documents",
        "SELECT platform, language, status, documents, failures, error_findings,"
            + " warning_findings FROM stats_documents",
        "SELECT "
            + cubed("p")
            + ", "
            + cubed("l")
            + ", "
            + cubed("s")
            + ", count(*), sum(n),"
            + " sum(error_findings), sum(warning_findings) FROM (SELECT "
            + known("platform")
            + " p, "
            + known("language")
            + " l, status s, * FROM doc_failures)"
            + " GROUP BY CUBE (p, l, s)");
    // The headline totals equal plain counts of the record tables.
    assertThat(grandTotal("stats_documents", "documents"))
        .isEqualTo(scalar("SELECT count(*) FROM documents"));
    assertThat(grandTotal("stats_documents", "failures"))
        .isEqualTo(scalar("SELECT count(*) FROM failures"));
    assertThat(grandTotal("stats_documents", "error_findings"))
        .isEqualTo(scalar("SELECT count(*) FROM findings WHERE level = 'error'"));
  }

  void statsFailures() throws SQLException {
    assertSameRows(
        "stats_failures",
        "SELECT platform, language, severity, category, failures, documents FROM stats_failures",
        "SELECT "
            + cubed("p")
            + ", "
            + cubed("l")
            + ", "
            + cubed("s")
            + ", "
            + cubed("c")
            + ", count(*), count(DISTINCT doc_id) FROM (SELECT "
            + known("platform")
            + " p, "
            + known("language")
            + " l, "
            + known("severity")
            + " s, "
            + known("category")
            + " c, doc_id FROM failures) GROUP BY CUBE (p, l, s, c)");
    assertThat(grandTotal("stats_failures", "failures"))
        .isEqualTo(scalar("SELECT count(*) FROM failures"));
    assertThat(grandTotal("stats_failures", "documents"))
        .isEqualTo(scalar("SELECT count(DISTINCT doc_id) FROM failures"));
  }

  void statsServices() throws SQLException {
    String perFailure =
        "SELECT unnest(services) AS service, severity, has_fix, doc_id, "
            + known("category")
            + " AS category FROM failures";
    assertSameRows(
        "stats_services",
        "SELECT service, failures, documents, critical, high, medium, low, unrated, with_fix,"
            + " round(fix_share, 9) FROM stats_services",
        "SELECT service, count(*), count(DISTINCT doc_id), count(*) FILTER (severity='critical'),"
            + " count(*) FILTER (severity='high'), count(*) FILTER (severity='medium'),"
            + " count(*) FILTER (severity='low'), count(*) FILTER (severity IS NULL OR severity"
            + " NOT IN ('critical','high','medium','low')), count(*) FILTER (has_fix),"
            + " round(count(*) FILTER (has_fix) / count(*), 9) FROM ("
            + perFailure
            + ")"
            + " GROUP BY service");
    assertSameRows(
        "stats_services.top_categories",
        "SELECT service, list_transform(top_categories, x -> x.category || ':' || x.failures)"
            + "::VARCHAR FROM stats_services",
        "SELECT service, list_slice(list(category || ':' || n ORDER BY n DESC, category), 1, 3)"
            + "::VARCHAR FROM (SELECT service, category, count(*) n FROM ("
            + perFailure
            + ")"
            + " GROUP BY ALL) GROUP BY service");
  }

  void statsTrainingValue() throws SQLException {
    String bucket =
        "CASE WHEN metadata_training_quality IS NULL THEN 'unknown'"
            + " ELSE CAST(CAST(round(metadata_training_quality) AS BIGINT) AS VARCHAR) END";
    String severities =
        "SELECT source_path, count(*) FILTER (severity='critical') c,"
            + " count(*) FILTER (severity='high') h, count(*) FILTER (severity='medium') m,"
            + " count(*) FILTER (severity='low') lo, count(*) FILTER (severity IS NULL OR"
            + " severity NOT IN ('critical','high','medium','low')) u FROM failures"
            + " GROUP BY source_path";
    assertSameRows(
        "stats_training_value",
        "SELECT training_quality, documents, failures, round(mean_failures, 6), min_failures,"
            + " round(p25_failures, 6), round(median_failures, 6), round(p75_failures, 6),"
            + " round(p90_failures, 6), max_failures, critical, high, medium, low, unrated,"
            + " round(mean_training_value, 6), declared_score_documents,"
            + " declared_score_agreeing FROM stats_training_value",
        "SELECT CASE WHEN grouping(b) = 1 THEN '*' ELSE b END, count(*), sum(n),"
            + " round(avg(n), 6), min(n), round(quantile_cont(n, 0.25), 6),"
            + " round(quantile_cont(n, 0.5), 6), round(quantile_cont(n, 0.75), 6),"
            + " round(quantile_cont(n, 0.9), 6), max(n), coalesce(sum(c), 0),"
            + " coalesce(sum(h), 0), coalesce(sum(m), 0), coalesce(sum(lo), 0),"
            + " coalesce(sum(u), 0), round(avg(training_value), 6),"
            + " count(*) FILTER (declared_training_score IS NOT NULL"
            + " AND metadata_training_quality IS NOT NULL),"
            + " count(*) FILTER (abs(declared_training_score - metadata_training_quality)"
            + " <= 0.01) FROM (SELECT "
            + bucket
            + " b, d.*, s.c, s.h, s.m, s.lo, s.u FROM counted_docs d LEFT JOIN ("
            + severities
            + ") s USING (source_path)) GROUP BY GROUPING SETS ((b), ())");
  }

  void statsCorrelation() throws SQLException {
    String pairs =
        "SELECT "
            + known("platform")
            + " p, training_value x, metadata_training_quality y"
            + " FROM counted_docs WHERE metadata_training_quality IS NOT NULL";
    String ranked =
        "SELECT p, rank() OVER (PARTITION BY p ORDER BY x) + (count(*) OVER (PARTITION BY p, x)"
            + " - 1) / 2.0 rx, rank() OVER (PARTITION BY p ORDER BY y) + (count(*) OVER"
            + " (PARTITION BY p, y) - 1) / 2.0 ry FROM ("
            + pairs
            + " UNION ALL SELECT '*', x, y"
            + " FROM ("
            + pairs
            + "))";
    Map<String, Double> expected = new TreeMap<>();
    Map<String, Long> counts = new TreeMap<>();
    try (ResultSet rs =
        st.executeQuery("SELECT p, count(*), corr(rx, ry) FROM (" + ranked + ") GROUP BY p")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
        double v = rs.getDouble(3);
        expected.put(rs.getString(1), rs.wasNull() || Double.isNaN(v) ? null : v);
      }
    }
    Map<String, Long> actualCounts = new TreeMap<>();
    try (ResultSet rs =
        st.executeQuery("SELECT platform, documents, spearman FROM stats_correlation")) {
      while (rs.next()) {
        String p = rs.getString(1);
        actualCounts.put(p, rs.getLong(2));
        double v = rs.getDouble(3);
        Double exp = counts.get(p) != null && counts.get(p) < 3 ? null : expected.get(p);
        if (rs.wasNull()) {
          assertThat(exp).as("spearman of %s", p).isNull();
        } else {
          assertThat(v).as("spearman of %s", p).isCloseTo(exp, within(1e-9));
        }
      }
    }
    assertThat(actualCounts).isEqualTo(counts);
  }

  void failurePatterns() throws SQLException {
    // Recompute the grouping from failure rows with the documented key.
    Map<String, long[]> byKey = new TreeMap<>();
    Map<String, String> example = new TreeMap<>();
    Map<String, java.util.Set<String>> docs = new TreeMap<>();
    try (ResultSet rs =
        st.executeQuery("SELECT title, services, failure_id, doc_id FROM failures")) {
      while (rs.next()) {
        List<String> services = new ArrayList<>();
        Array arr = rs.getArray(2);
        for (Object o : (Object[]) arr.getArray()) {
          services.add(String.valueOf(o));
        }
        String key = PatternKey.key(rs.getString(1), services);
        byKey.computeIfAbsent(key, k -> new long[1])[0]++;
        docs.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(rs.getString(4));
        example.merge(key, rs.getString(3), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    Map<String, String> expected = new TreeMap<>();
    byKey.forEach(
        (k, n) -> {
          if (n[0] >= 2) {
            expected.put(PatternKey.id(k), n[0] + "/" + docs.get(k).size() + "/" + example.get(k));
          }
        });
    Map<String, String> actual = new TreeMap<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT pattern_id, failures, documents, example_failure_id, example_title,"
                + " (SELECT title FROM failures f WHERE f.failure_id = p.example_failure_id)"
                + " FROM failure_patterns p")) {
      while (rs.next()) {
        actual.put(rs.getString(1), rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getString(4));
        assertThat(rs.getString(5)).isEqualTo(rs.getString(6));
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  void ruleSummary() throws SQLException {
    long total = scalar("SELECT count(*) FROM documents");
    assertThat(scalar("SELECT count(*) FROM rule_summary")).isEqualTo(Rule.values().length);
    assertSameRows(
        "rule_summary",
        "SELECT rule, hits, documents_hit, documents_total FROM rule_summary WHERE hits > 0",
        "SELECT rule, count(*), count(DISTINCT source_path), "
            + total
            + " FROM findings GROUP BY rule");
  }

  /** Every number the report marks with its table, row and column equals that cell. */
  void reportNumbers() throws Exception {
    Path report = out.resolve("report.html");
    if (!Files.exists(report)) {
      return;
    }
    String html = Files.readString(report);
    Matcher m =
        Pattern.compile(
                "<span class=\"n\" data-table=\"([^\"]+)\" data-key=\"([^\"]*)\""
                    + " data-column=\"([^\"]+)\">([^<]*)</span>")
            .matcher(html);
    int checked = 0;
    while (m.find()) {
      StringBuilder where = new StringBuilder();
      for (String kv : m.group(2).split(";")) {
        String[] p = kv.split("=", 2);
        where.append(where.length() == 0 ? " WHERE " : " AND ");
        where.append(p[0]).append(" = '").append(unescape(p[1]).replace("'", "''")).append("'");
      }
      String sql = "SELECT " + m.group(3) + " FROM " + m.group(1) + where;
      try (ResultSet rs = st.executeQuery(sql)) {
        assertThat(rs.next()).as(sql).isTrue();
        String shown = m.group(4);
        if (shown.contains(".")) {
          assertThat(Double.parseDouble(shown)).as(sql).isCloseTo(rs.getDouble(1), within(0.005));
        } else {
          assertThat(Long.parseLong(shown)).as(sql).isEqualTo(rs.getLong(1));
        }
        assertThat(rs.next()).as("one row for " + sql).isFalse();
      }
      checked++;
    }
    assertThat(checked).as("numbers checked in report.html").isGreaterThan(20);
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static String cubed(String col) {
    return "CASE WHEN grouping(" + col + ") = 1 THEN '*' ELSE " + col + " END";
  }

  private static String known(String col) {
    return "coalesce(nullif(" + col + ", ''), 'unknown')";
  }

  /** The cell of {@code column} in the row of {@code table} that totals every dimension ('*'). */
  private long grandTotal(String table, String column) throws SQLException {
    StringBuilder where = new StringBuilder();
    try (ResultSet rs = query("SELECT * FROM " + table + " LIMIT 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        if (md.getColumnTypeName(i).equals("VARCHAR")) {
          where.append(where.length() == 0 ? " WHERE " : " AND ");
          where.append(md.getColumnName(i)).append(" = '*'");
        }
      }
    }
    return scalar("SELECT " + column + " FROM " + table + where);
  }

  /** Runs a query, naming it in the error when DuckDB rejects it. */
  private ResultSet query(String sql) throws SQLException {
    try {
      return st.executeQuery(sql);
    } catch (SQLException e) {
      throw new SQLException(e.getMessage() + "\nin: " + sql, e);
    }
  }

  long scalar(String sql) throws SQLException {
    try (ResultSet rs = query(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = query(sql + " LIMIT 10")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          sb.append(i == 1 ? "" : " | ").append(rs.getString(i));
        }
        rows.add(sb.toString());
      }
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    st.close();
    c.close();
  }
}
