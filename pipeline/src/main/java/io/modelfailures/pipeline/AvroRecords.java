package io.modelfailures.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a {@link GenericRecord} read from Parquet into the generated class of its table.
 *
 * <p>A binary round trip, rather than a field-by-field copy, so that strings nested in arrays and
 * maps come back as {@link String} (the generated classes use Java strings), whatever character
 * type the Parquet reader produced.
 */
final class AvroRecords {

  private AvroRecords() {}

  static <T extends SpecificRecord> T toSpecific(GenericRecord g, Class<T> type) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
      new GenericDatumWriter<GenericRecord>(g.getSchema()).write(g, enc);
      enc.flush();
      SpecificDatumReader<T> reader =
          new SpecificDatumReader<>(g.getSchema(), SpecificData.get().getSchema(type));
      return reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
