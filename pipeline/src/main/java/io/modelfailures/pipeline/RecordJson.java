package io.modelfailures.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes an Avro record as one line of plain JSON.
 *
 * <p>Consumes a {@link GenericRecord}; emits a JSON object with the schema's fields in schema
 * order. Unions are written as their value (not Avro's {@code {"string": ...}} wrapping), bytes as
 * base64, and map keys are sorted, so that the same record always gives the same line.
 */
final class RecordJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private RecordJson() {}

  static String toJson(GenericRecord record) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      writeRecord(g, record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void writeRecord(JsonGenerator g, GenericRecord r) throws IOException {
    g.writeStartObject();
    for (Schema.Field f : r.getSchema().getFields()) {
      g.writeFieldName(f.name());
      writeValue(g, r.get(f.pos()));
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof GenericRecord r) {
      writeRecord(g, r);
    } else if (v instanceof CharSequence s) {
      g.writeString(s.toString());
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof java.nio.ByteBuffer b) {
      g.writeBinary(Signatures.bytes(b)); // base64
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        writeValue(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeString(v.toString());
    }
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> out = new TreeMap<>();
    map.forEach((k, val) -> out.put(String.valueOf(k), val));
    return out;
  }
}
