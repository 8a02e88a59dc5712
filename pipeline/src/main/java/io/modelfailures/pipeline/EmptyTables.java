package io.modelfailures.pipeline;

import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.parquet.ParquetIO;

/**
 * Gives every empty table a Parquet file with its schema and no rows.
 *
 * <p>Beam's {@code FileIO.write()} writes no file at all for an empty collection (TextIO writes an
 * empty shard), so a reader globbing {@code OUT/parquet/<table>/*.parquet} would fail on an empty
 * table instead of reading zero rows. Consumes the output folder after the run; emits the missing
 * files through the same {@link ParquetIO#sink} the pipeline writes with.
 */
final class EmptyTables {

  static final String FILE = "part-00000-of-00001.parquet";

  private EmptyTables() {}

  static void fill(String outputDir, Map<String, Schema> schemas) throws IOException {
    for (Map.Entry<String, Schema> table : schemas.entrySet()) {
      String dir = outputDir + "/parquet/" + table.getKey();
      MatchResult match =
          FileSystems.match(dir + "/*.parquet", EmptyMatchTreatment.ALLOW_IF_WILDCARD);
      if (!match.metadata().isEmpty()) {
        continue;
      }
      ResourceId file = FileSystems.matchNewResource(dir + "/" + FILE, false);
      ParquetIO.Sink sink = ParquetIO.sink(table.getValue());
      sink.open(FileSystems.create(file, "application/octet-stream"));
      sink.flush();
    }
  }
}
