package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statistics tables and report of a sample-data run, checked by DuckDB against the record
 * tables (see {@link StatsReconciliation}).
 */
class StatsTablesTest {

  @TempDir static Path tmp;
  static Path out;

  @BeforeAll
  static void run() throws Exception {
    out = tmp.resolve("out");
    int status =
        FailuresPipeline.mainStatus(
            new String[] {"--input=" + TestPaths.sampleData(), "--output=" + out});
    assertThat(status).isZero();
  }

  @Test
  void statsTablesReconcileWithRecordTables() throws Exception {
    try (StatsReconciliation r = new StatsReconciliation(out)) {
      r.statsDocuments();
      r.statsFailures();
      r.statsServices();
      r.statsTrainingValue();
      r.statsCorrelation();
      r.failurePatterns();
      r.ruleSummary();
    }
  }

  @Test
  void everyNumberInTheReportEqualsItsTable() throws Exception {
    assertThat(out.resolve("report.html")).exists();
    try (StatsReconciliation r = new StatsReconciliation(out)) {
      r.reportNumbers();
    }
  }

  @Test
  void reportIsSelfContained() throws Exception {
    String html = java.nio.file.Files.readString(out.resolve("report.html"));
    // Namespace URIs in the SVG are names, not fetches; nothing may be loaded from anywhere.
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContainPattern("(src|href)=['\"]?(https?:|//)");
    assertThat(html).doesNotContain("<link").doesNotContain("@import").doesNotContain("url(http");
    assertThat(html.split("<svg", -1)).hasSize(6);
  }
}
