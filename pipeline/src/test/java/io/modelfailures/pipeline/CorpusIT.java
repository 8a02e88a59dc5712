package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline over the real corpus in {@code ../shared/corpus}, skipped when it is absent.
 * Every input must be accounted for, an independent Parquet reader (DuckDB) must see the same row
 * counts as the JSON Lines, and the statistics tables and report must agree with the record tables.
 */
class CorpusIT {

  @TempDir static Path tmp;
  static Path corpus;
  static Path out;

  @BeforeAll
  static void run() {
    corpus = TestPaths.shared().resolve("corpus");
    Assumptions.assumeTrue(Files.isDirectory(corpus), "../shared/corpus is absent");
    out = tmp.resolve("out");
    // Run as scripts/run.sh does (Direct runner checks off, report drawn, output published).
    int status = FailuresPipeline.mainStatus(new String[] {"--input=" + corpus, "--output=" + out});
    assertThat(status).isZero();
  }

  @Test
  void statsTablesAndReportReconcileWithRecordTables() throws Exception {
    try (StatsReconciliation r = new StatsReconciliation(out)) {
      r.checkAll();
    }
  }

  @Test
  void everyDocumentIsAccountedForOnce() throws IOException {
    List<JsonNode> docs = TestPaths.rows(out, "documents");
    assertThat(docs).hasSize((int) TestPaths.countDocuments(corpus));
    Set<String> paths = new HashSet<>();
    for (JsonNode d : docs) {
      assertThat(paths.add(d.get("source_path").asText())).isTrue();
      assertThat(d.get("status").asText()).isIn("parsed", "partial", "quarantined");
    }
    long quarantined =
        docs.stream().filter(d -> d.get("status").asText().equals("quarantined")).count();
    assertThat(TestPaths.rows(out, "quarantine")).hasSize((int) quarantined);
    assertThat(TestPaths.rows(out, "failures")).isNotEmpty();
  }

  @Test
  void parquetRowCountsEqualJsonLinesRowCounts() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      for (String table : FailuresPipeline.tableSchemas().keySet()) {
        String glob = out.resolve("parquet").resolve(table).resolve("*.parquet").toString();
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + glob + "')")) {
          rs.next();
          assertThat(rs.getLong(1))
              .as("rows of %s", table)
              .isEqualTo(TestPaths.rows(out, table).size());
        }
      }
    }
  }
}
