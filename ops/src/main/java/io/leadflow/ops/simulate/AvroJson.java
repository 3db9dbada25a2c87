package io.leadflow.ops.simulate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain JSON ⇄ the generated Avro classes, driven by the schema, so simulate's field names are the topics' field
 * names (docs/SIMULATE.md): no union wrappers, times as ISO-8601 instants (or epoch milliseconds on input), dates
 * as {@code 2026-11-29}, enums by symbol. Unknown input fields are refused, so a typo is not silently ignored.
 */
final class AvroJson {

  /** A field that cannot be read; {@code path} is the dotted field path, e.g. {@code profile.email}. */
  static final class FieldException extends RuntimeException {
    final String path;

    FieldException(String path, String message) {
      super(message);
      this.path = path;
    }
  }

  private AvroJson() {}

  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> T read(JsonNode node, Schema schema, String prefix, java.util.Set<String> ignored) {
    return (T) record(node, schema, prefix, ignored);
  }

  private static Object record(JsonNode node, Schema schema, String prefix, java.util.Set<String> ignored) {
    if (!node.isObject()) {
      throw new FieldException(prefix.isEmpty() ? "(line)" : prefix, "expected an object, got " + node.getNodeType());
    }
    IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (schema.getField(name) == null && !(prefix.isEmpty() && ignored.contains(name))) {
        throw new FieldException(prefix + name, "unknown field; " + schema.getName() + " has "
            + schema.getFields().stream().map(Schema.Field::name).toList());
      }
    }
    for (Schema.Field field : schema.getFields()) {
      String path = prefix + field.name();
      JsonNode value = node.get(field.name());
      if (value == null || value.isNull()) {
        if (field.hasDefaultValue()) {
          record.put(field.pos(), SpecificData.get().deepCopy(field.schema(), SpecificData.get().getDefaultValue(field)));
          continue;
        }
        if (field.schema().isNullable()) {
          record.put(field.pos(), null);
          continue;
        }
        throw new FieldException(path, "is required");
      }
      record.put(field.pos(), value(value, field.schema(), path, ignored));
    }
    return record;
  }

  private static Object value(JsonNode node, Schema schema, String path, java.util.Set<String> ignored) {
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case UNION -> {
        if (node.isNull()) {
          return null;
        }
        List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (branches.size() == 1) {
          return value(node, branches.get(0), path, ignored);
        }
        for (Schema branch : branches) {
          try {
            return value(node, branch, path, ignored);
          } catch (FieldException e) {
            // try the next branch
          }
        }
        throw new FieldException(path, "matches none of " + branches);
      }
      case RECORD -> {
        return record(node, schema, path + ".", java.util.Set.of());
      }
      case ENUM -> {
        String symbol = node.asText();
        if (!node.isTextual() || !schema.getEnumSymbols().contains(symbol)) {
          throw new FieldException(path, "expected one of " + schema.getEnumSymbols() + ", got " + node);
        }
        return SpecificData.get().createEnum(symbol, schema);
      }
      case STRING -> {
        if (!node.isValueNode() || node.isBoolean()) {
          throw new FieldException(path, "expected text, got " + node.getNodeType());
        }
        return node.asText();
      }
      case BOOLEAN -> {
        if (!node.isBoolean()) {
          throw new FieldException(path, "expected true or false, got " + node);
        }
        return node.booleanValue();
      }
      case INT -> {
        if (logical != null && "date".equals(logical.getName())) {
          try {
            return LocalDate.parse(node.asText());
          } catch (DateTimeParseException e) {
            throw new FieldException(path, "expected a date such as 2026-11-29, got " + node);
          }
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
          throw new FieldException(path, "expected a whole number, got " + node);
        }
        return node.intValue();
      }
      case LONG -> {
        if (logical != null && logical.getName().startsWith("timestamp")) {
          return instant(node, path);
        }
        if (!node.isIntegralNumber()) {
          throw new FieldException(path, "expected a whole number, got " + node);
        }
        return node.longValue();
      }
      case DOUBLE, FLOAT -> {
        if (!node.isNumber()) {
          throw new FieldException(path, "expected a number, got " + node);
        }
        return schema.getType() == Schema.Type.FLOAT ? (Object) node.floatValue() : (Object) node.doubleValue();
      }
      case ARRAY -> {
        if (!node.isArray()) {
          throw new FieldException(path, "expected a list, got " + node.getNodeType());
        }
        List<Object> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          items.add(value(node.get(i), schema.getElementType(), path + "[" + i + "]", ignored));
        }
        return items;
      }
      case MAP -> {
        if (!node.isObject()) {
          throw new FieldException(path, "expected an object, got " + node.getNodeType());
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue(), schema.getValueType(), path + "." + e.getKey(), ignored)));
        return map;
      }
      default -> throw new FieldException(path, "type " + schema.getType() + " is not supported in JSON input");
    }
  }

  static Instant instant(JsonNode node, String path) {
    if (node.isIntegralNumber()) {
      return Instant.ofEpochMilli(node.longValue());
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new FieldException(path, "expected an ISO-8601 instant such as 2026-11-29T09:00:00Z or epoch milliseconds, got " + node);
    }
  }

  /** Writes the record's fields in schema order; fields without a value and those in {@code omit} are left out. */
  static void writeFields(JsonGenerator out, IndexedRecord record, java.util.Set<String> omit) throws IOException {
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (value == null || omit.contains(field.name())) {
        continue;
      }
      out.writeFieldName(field.name());
      write(out, value);
    }
  }

  private static void write(JsonGenerator out, Object value) throws IOException {
    if (value instanceof IndexedRecord nested) {
      out.writeStartObject();
      writeFields(out, nested, java.util.Set.of());
      out.writeEndObject();
    } else if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericEnumSymbol<?>
        || value instanceof Instant || value instanceof LocalDate) {
      out.writeString(value.toString());
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Integer i) {
      out.writeNumber(i);
    } else if (value instanceof Long l) {
      out.writeNumber(l);
    } else if (value instanceof Double d) {
      out.writeNumber(d);
    } else if (value instanceof Float f) {
      out.writeNumber(f);
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object item : list) {
        write(out, item);
      }
      out.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      // Sorted keys: a map's iteration order must not make two runs differ.
      for (Object key : new java.util.TreeMap<>(map).keySet()) {
        out.writeFieldName(key.toString());
        write(out, map.get(key));
      }
      out.writeEndObject();
    } else {
      out.writeString(String.valueOf(value));
    }
  }
}
