package io.modelfailures.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Writes every table as Parquet under {@code OUT/parquet/<table>/} and, optionally, as JSON Lines
 * under {@code OUT/jsonl/<table>/}.
 *
 * <p>Consumes a {@link PCollectionTuple} whose tags are named after the tables and whose elements
 * are Avro records; the schema of each table comes from the explicit schemas in {@code schemas/}
 * (never inferred). Emits {@link PDone}. Files are named {@code part-NNNNN-of-MMMMM}, one per
 * bundle that held rows of the table, so readers read a table's folder, never one file name. A
 * table with no rows still gets one file with its schema and no rows.
 *
 * <p>Why not {@code FileIO.write()}: one write per table and format was 26 writes of a dozen steps
 * each, and every step costs the Direct runner an evaluator per bundle; and the Direct runner
 * replaces a runner-sharded write by a grouping of every row under a few keys, in memory, so memory
 * grew with the corpus. Here each bundle writes its own rows to temporary files as they come
 * ({@link WriteBundlesFn}), and one step renames the files of bundles that finished ({@link
 * FinalizeTablesFn}), as Beam's {@code WriteFiles} does: files of a failed or retried bundle are
 * never renamed, and the temporary folder is removed.
 */
public class WriteTables extends PTransform<PCollectionTuple, PDone> {

  static final String TEMP_DIR = ".temp-tables";

  private final String outputDir;
  private final Map<String, String> schemas;
  private final boolean jsonl;

  public WriteTables(String outputDir, Map<String, Schema> schemas, boolean jsonl) {
    this.outputDir = outputDir;
    this.schemas = new LinkedHashMap<>();
    // Avro's Schema is not Serializable in every Avro version Beam supports; its JSON text is.
    schemas.forEach((name, schema) -> this.schemas.put(name, schema.toString()));
    this.jsonl = jsonl;
  }

  @Override
  public PDone expand(PCollectionTuple tables) {
    List<PCollection<KV<String, byte[]>>> rows = new ArrayList<>();
    for (Map.Entry<TupleTag<?>, PCollection<?>> e : tables.getAll().entrySet()) {
      String name = e.getKey().getId();
      String schema = schemas.get(name);
      if (schema == null) {
        throw new IllegalArgumentException("no schema for table " + name);
      }
      @SuppressWarnings("unchecked")
      PCollection<GenericRecord> records = (PCollection<GenericRecord>) e.getValue();
      rows.add(
          records
              .apply("EncodeRows_" + name, ParDo.of(new EncodeRowsFn(name, schema)))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of())));
    }
    String tempDir = outputDir + "/" + TEMP_DIR;
    PCollectionList.of(rows)
        .apply("FlattenTables", Flatten.pCollections())
        .apply("WriteBundleFiles", ParDo.of(new WriteBundlesFn(tempDir, schemas, jsonl)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        // One list of every written file, empty when no bundle wrote any: the global combine
        // still emits it, so that empty tables get their file too.
        .apply("GatherTempFiles", Combine.globally(new FinalizeTablesFn.GatherFn()))
        .setCoder(ListCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply(
            "FinalizeTables", ParDo.of(new FinalizeTablesFn(outputDir, tempDir, schemas, jsonl)));
    return PDone.in(tables.getPipeline());
  }

  /** Encodes each row with its table's schema, keyed by table. */
  static class EncodeRowsFn extends DoFn<GenericRecord, KV<String, byte[]>> {
    private final String table;
    private final String schemaJson;
    private transient SpecificDatumWriter<GenericRecord> writer;
    private transient BinaryEncoder encoder;

    EncodeRowsFn(String table, String schemaJson) {
      this.table = table;
      this.schemaJson = schemaJson;
    }

    @Setup
    public void setup() {
      // Specific records (the generated classes) and generic ones both encode through it.
      writer = new SpecificDatumWriter<>(new Schema.Parser().parse(schemaJson));
    }

    @ProcessElement
    public void process(@Element GenericRecord row, OutputReceiver<KV<String, byte[]>> out)
        throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
      writer.write(row, encoder);
      encoder.flush();
      out.output(KV.of(table, bytes.toByteArray()));
    }
  }
}
