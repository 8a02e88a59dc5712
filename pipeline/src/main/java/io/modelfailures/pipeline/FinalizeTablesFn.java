package io.modelfailures.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Moves the temporary files of finished bundles to their tables' folders.
 *
 * <p>Consumes the one list of {@code KV<destination, temporary file>} that every bundle reported;
 * renames each destination's files, in path order, to {@code OUT/<destination>/part-NNNNN-of-MMMMM}
 * with {@code .parquet} or {@code .jsonl}; writes an empty file with the schema for a table no
 * bundle wrote; deletes whatever else is left in the temporary folder (files of failed attempts)
 * and the folder. Emits nothing. Renames ignore files already moved, so a retry is harmless.
 */
class FinalizeTablesFn extends DoFn<List<KV<String, String>>, Void> {

  static final String PARQUET = "parquet/";
  static final String JSONL = "jsonl/";

  private final String outputDir;
  private final String tempDir;
  private final Map<String, String> schemas;
  private final boolean jsonl;

  FinalizeTablesFn(String outputDir, String tempDir, Map<String, String> schemas, boolean jsonl) {
    this.outputDir = outputDir;
    this.tempDir = tempDir;
    this.schemas = schemas;
    this.jsonl = jsonl;
  }

  @ProcessElement
  public void process(@Element List<KV<String, String>> written) throws IOException {
    Map<String, List<String>> byDestination = new TreeMap<>();
    for (KV<String, String> f : written) {
      byDestination.computeIfAbsent(f.getKey(), d -> new ArrayList<>()).add(f.getValue());
    }
    List<ResourceId> from = new ArrayList<>();
    List<ResourceId> to = new ArrayList<>();
    for (Map.Entry<String, String> table : schemas.entrySet()) {
      for (String format : jsonl ? List.of(PARQUET, JSONL) : List.of(PARQUET)) {
        String destination = format + table.getKey();
        String suffix = format.equals(PARQUET) ? ".parquet" : ".jsonl";
        List<String> files = byDestination.getOrDefault(destination, List.of());
        if (files.isEmpty()) {
          writeEmpty(target(destination, 0, 1, suffix), format, table.getValue());
          continue;
        }
        List<String> sorted = new ArrayList<>(files);
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
          from.add(FileSystems.matchNewResource(sorted.get(i), false));
          to.add(target(destination, i, sorted.size(), suffix));
        }
      }
    }
    FileSystems.rename(from, to, StandardMoveOptions.IGNORE_MISSING_FILES);
    removeTempDir();
  }

  private ResourceId target(String destination, int shard, int shards, String suffix) {
    String name = String.format(Locale.ROOT, "part-%05d-of-%05d%s", shard, shards, suffix);
    return FileSystems.matchNewResource(outputDir + "/" + destination, true)
        .resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  private static void writeEmpty(ResourceId file, String format, String schemaJson)
      throws IOException {
    Schema schema = new Schema.Parser().parse(schemaJson);
    try (TableSink s =
        format.equals(PARQUET)
            ? TableSink.parquet(FileSystems.create(file, "application/octet-stream"), schema)
            : TableSink.jsonLines(FileSystems.create(file, "application/x-ndjson"), schema)) {
      // No rows: the file holds the schema (Parquet) or nothing (JSON Lines).
    }
  }

  private void removeTempDir() throws IOException {
    MatchResult left = FileSystems.match(tempDir + "/*", EmptyMatchTreatment.ALLOW);
    List<ResourceId> stale = new ArrayList<>();
    if (left.status() == MatchResult.Status.OK) {
      left.metadata().forEach(m -> stale.add(m.resourceId()));
    }
    stale.add(FileSystems.matchNewResource(tempDir, true));
    FileSystems.delete(stale, StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** Gathers every reported file into one list. */
  static class GatherFn
      extends Combine.CombineFn<
          KV<String, String>, List<KV<String, String>>, List<KV<String, String>>> {
    @Override
    public List<KV<String, String>> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<KV<String, String>> addInput(
        List<KV<String, String>> acc, KV<String, String> file) {
      acc.add(file);
      return acc;
    }

    @Override
    public List<KV<String, String>> mergeAccumulators(Iterable<List<KV<String, String>>> accs) {
      List<KV<String, String>> merged = new ArrayList<>();
      accs.forEach(merged::addAll);
      return merged;
    }

    @Override
    public List<KV<String, String>> extractOutput(List<KV<String, String>> acc) {
      return acc;
    }
  }
}
