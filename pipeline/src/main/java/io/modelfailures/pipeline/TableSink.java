package io.modelfailures.pipeline;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.io.parquet.ParquetIO;

/**
 * Writes one table file, Parquet or JSON Lines, from rows that arrive as Avro binary.
 *
 * <p>Consumes rows encoded with the table's schema (see {@link WriteTables}); emits them to the
 * channel it was opened on: through {@link ParquetIO#sink} (the Parquet writer Beam's ParquetIO
 * uses), or as one {@link RecordJson} line per row. {@link #close()} finishes the file and closes
 * the channel. Not thread-safe; one per open file.
 */
final class TableSink implements AutoCloseable {

  private final WritableByteChannel channel;
  private final GenericDatumReader<GenericRecord> reader;
  private final ParquetIO.Sink parquet;
  private final Writer json;
  private BinaryDecoder decoder;
  private long rows;

  private TableSink(
      WritableByteChannel channel, Schema schema, ParquetIO.Sink parquet, Writer json) {
    this.channel = channel;
    this.reader = new GenericDatumReader<>(schema);
    this.parquet = parquet;
    this.json = json;
  }

  static TableSink parquet(WritableByteChannel channel, Schema schema) throws IOException {
    ParquetIO.Sink sink = ParquetIO.sink(schema).withConfiguration(ParquetConfiguration.copy());
    sink.open(channel);
    return new TableSink(channel, schema, sink, null);
  }

  static TableSink jsonLines(WritableByteChannel channel, Schema schema) {
    Writer w = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
    return new TableSink(channel, schema, null, w);
  }

  void write(byte[] row) throws IOException {
    decoder = DecoderFactory.get().binaryDecoder(row, decoder);
    GenericRecord record = reader.read(null, decoder);
    if (parquet != null) {
      parquet.write(record);
    } else {
      json.write(RecordJson.toJson(record));
      json.write('\n');
    }
    rows++;
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    try {
      if (parquet != null) {
        // Writes the footer; the channel stays open.
        parquet.flush();
      } else {
        json.flush();
      }
    } finally {
      channel.close();
    }
  }
}
