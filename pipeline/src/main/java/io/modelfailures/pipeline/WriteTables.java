package io.modelfailures.pipeline;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes every table twice: as Parquet under {@code OUT/parquet/<table>/} and as JSON Lines under
 * {@code OUT/jsonl/<table>/}.
 *
 * <p>Consumes a {@link PCollectionTuple} whose tags are named after the tables and whose elements
 * are Avro records; the schema of each table comes from the explicit schemas in {@code schemas/}
 * (never inferred). Emits {@link PDone}. Each table is one shard, {@code part-00000-of-00001},
 * written even when the table is empty so that readers always find a file with the schema.
 */
public class WriteTables extends PTransform<PCollectionTuple, PDone> {

  private final String outputDir;
  private final Map<String, Schema> schemas;
  private final boolean jsonl;

  public WriteTables(String outputDir, Map<String, Schema> schemas, boolean jsonl) {
    this.outputDir = outputDir;
    this.schemas = schemas;
    this.jsonl = jsonl;
  }

  @Override
  public PDone expand(PCollectionTuple tables) {
    for (Map.Entry<TupleTag<?>, PCollection<?>> e : tables.getAll().entrySet()) {
      String name = e.getKey().getId();
      Schema schema = schemas.get(name);
      if (schema == null) {
        throw new IllegalArgumentException("no schema for table " + name);
      }
      @SuppressWarnings("unchecked")
      PCollection<GenericRecord> records = (PCollection<GenericRecord>) e.getValue();
      PCollection<GenericRecord> generic =
          records
              .apply(
                  "ToGenericRecords_" + name,
                  MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(r -> r))
              .setCoder(AvroCoder.of(schema));
      generic.apply(
          "WriteParquet_" + name,
          FileIO.<GenericRecord>write()
              .via(ParquetIO.sink(schema))
              .to(outputDir + "/parquet/" + name)
              .withPrefix("part")
              .withSuffix(".parquet")
              .withNumShards(1));
      if (jsonl) {
        generic
            .apply(
                "FormatJson_" + name,
                MapElements.into(TypeDescriptors.strings()).via(RecordJson::toJson))
            .apply(
                "WriteJsonLines_" + name,
                TextIO.write()
                    .to(outputDir + "/jsonl/" + name + "/part")
                    .withSuffix(".jsonl")
                    .withNumShards(1));
      }
    }
    return PDone.in(tables.getPipeline());
  }
}
