package io.modelfailures.pipeline;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Writes the rows of one bundle to temporary table files.
 *
 * <p>Consumes {@code KV<table, Avro bytes>}; opens, per table the bundle holds, a temporary Parquet
 * file (and a JSON Lines file when asked) under the temporary folder, and writes each row as it
 * comes, so that no more than the open files' buffers is held. Emits, when the bundle finishes,
 * {@code KV<destination, temporary file>} for each file, destination being {@code parquet/<table>}
 * or {@code jsonl/<table>}. A bundle that fails emits nothing: its files are left for the
 * finalizing step to delete.
 */
class WriteBundlesFn extends DoFn<KV<String, byte[]>, KV<String, String>> {

  private final String tempDir;
  private final Map<String, String> schemas;
  private final boolean jsonl;
  private transient Map<String, Schema> parsed;
  private transient Map<String, TableSink> open;
  private transient Map<String, String> paths;

  WriteBundlesFn(String tempDir, Map<String, String> schemas, boolean jsonl) {
    this.tempDir = tempDir;
    this.schemas = schemas;
    this.jsonl = jsonl;
  }

  @Setup
  public void setup() {
    parsed = new LinkedHashMap<>();
    schemas.forEach((t, s) -> parsed.put(t, new Schema.Parser().parse(s)));
  }

  @StartBundle
  public void startBundle() {
    open = new LinkedHashMap<>();
    paths = new LinkedHashMap<>();
  }

  @ProcessElement
  public void process(@Element KV<String, byte[]> row) throws IOException {
    String table = row.getKey();
    sink(FinalizeTablesFn.PARQUET + table, table).write(row.getValue());
    if (jsonl) {
      sink(FinalizeTablesFn.JSONL + table, table).write(row.getValue());
    }
  }

  private TableSink sink(String destination, String table) throws IOException {
    TableSink s = open.get(destination);
    if (s == null) {
      String path = tempDir + "/" + UUID.randomUUID();
      ResourceId file = FileSystems.matchNewResource(path, false);
      Schema schema = parsed.get(table);
      s =
          destination.startsWith(FinalizeTablesFn.PARQUET)
              ? TableSink.parquet(FileSystems.create(file, "application/octet-stream"), schema)
              : TableSink.jsonLines(FileSystems.create(file, "application/x-ndjson"), schema);
      open.put(destination, s);
      paths.put(destination, path);
    }
    return s;
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) throws IOException {
    // Close every file before reporting any: a file is only reported once complete.
    for (TableSink s : open.values()) {
      s.close();
    }
    for (Map.Entry<String, String> e : paths.entrySet()) {
      c.output(
          KV.of(e.getKey(), e.getValue()),
          BoundedWindow.TIMESTAMP_MIN_VALUE,
          GlobalWindow.INSTANCE);
    }
    open = null;
    paths = null;
  }

  @Teardown
  public void teardown() throws IOException {
    // A bundle that failed mid-way leaves open files; close them so their handles are released.
    if (open != null) {
      for (TableSink s : open.values()) {
        try {
          s.close();
        } catch (IOException | RuntimeException e) {
          // The file is incomplete and will be deleted with the temporary folder.
        }
      }
    }
  }
}
