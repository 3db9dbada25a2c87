package io.leadflow.routing.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** Avro records as plain maps for Jackson: field order kept, times as ISO strings, enums and strings as text. */
final class AvroJson {

  private AvroJson() {}

  static Object toJson(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof IndexedRecord record) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Schema.Field field : record.getSchema().getFields()) {
        out.put(field.name(), toJson(record.get(field.pos())));
      }
      return out;
    }
    if (value instanceof Collection<?> items) {
      ArrayList<Object> out = new ArrayList<>();
      items.forEach(item -> out.add(toJson(item)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
      return out;
    }
    if (value instanceof Instant || value instanceof LocalDate) {
      return value.toString();
    }
    return value.toString(); // CharSequence (Utf8), enums, fixed
  }
}
