package io.modelfailures.report;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Reads a table the pipeline wrote, from {@code OUT/parquet/<table>/*.parquet}.
 *
 * <p>Consumes an output folder on any Beam filesystem; emits the table's rows, files in name order,
 * in this process: as Avro {@link GenericRecord}s for the statistics tables the report draws from,
 * and as the generated classes for a previous run's tables (one step of an incremental run). A
 * previous run's files may have been written with an older schema set: Avro's schema resolution
 * fills the fields they lack with their defaults.
 */
public final class TableReader {

  private final String outputDir;

  public TableReader(String outputDir) {
    this.outputDir = outputDir;
  }

  /** All rows of {@code table}. */
  public List<GenericRecord> read(String table) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    forEach(table, rows::add);
    return rows;
  }

  /** Hands every row of {@code table} to {@code sink}, file by file, without holding them. */
  public void forEach(String table, java.util.function.Consumer<GenericRecord> sink)
      throws IOException {
    for (MatchResult.Metadata file : files(table)) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new ChannelInputFile(file))
              .withConf(io.modelfailures.pipeline.ParquetConfiguration.copy())
              .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          sink.accept(r);
        }
      }
    }
  }

  /**
   * Hands every row of {@code table} to {@code sink} as an instance of the table's generated class,
   * which Parquet builds directly: the Avro read schema is the class's own, so strings come back as
   * {@link String} wherever they are nested, and the row is not built twice.
   */
  public <T extends SpecificRecord> void forEach(
      String table, Class<T> type, java.util.function.Consumer<T> sink) throws IOException {
    Configuration conf = io.modelfailures.pipeline.ParquetConfiguration.copy();
    AvroReadSupport.setAvroReadSchema(conf, SpecificData.get().getSchema(type));
    for (MatchResult.Metadata file : files(table)) {
      try (ParquetReader<T> reader =
          AvroParquetReader.<T>builder(new ChannelInputFile(file))
              .withDataModel(SpecificData.get())
              .withConf(conf)
              .build()) {
        for (T r = reader.read(); r != null; r = reader.read()) {
          sink.accept(r);
        }
      }
    }
  }

  /** The table's files, in name order. */
  private List<MatchResult.Metadata> files(String table) throws IOException {
    MatchResult match = FileSystems.match(outputDir + "/parquet/" + table + "/*.parquet");
    List<MatchResult.Metadata> files = new ArrayList<>(match.metadata());
    files.sort((a, b) -> a.resourceId().toString().compareTo(b.resourceId().toString()));
    return files;
  }

  /** A Parquet {@link InputFile} over a Beam channel, so no Hadoop filesystem is involved. */
  private static final class ChannelInputFile implements InputFile {
    private final MatchResult.Metadata file;

    ChannelInputFile(MatchResult.Metadata file) {
      this.file = file;
    }

    @Override
    public long getLength() {
      return file.sizeBytes();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(file.resourceId());
      return new DelegatingSeekableInputStream(java.nio.channels.Channels.newInputStream(channel)) {
        @Override
        public long getPos() throws IOException {
          return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          channel.position(newPos);
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    }
  }

  static long asLong(GenericRecord r, String field) {
    Object v = r.get(field);
    return v == null ? 0L : ((Number) v).longValue();
  }

  static Double asDouble(GenericRecord r, String field) {
    Object v = r.get(field);
    return v == null ? null : ((Number) v).doubleValue();
  }

  static String asString(GenericRecord r, String field) {
    Object v = r.get(field);
    return v == null ? null : v.toString();
  }
}
