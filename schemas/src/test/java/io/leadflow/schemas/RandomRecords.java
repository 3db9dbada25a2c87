package io.leadflow.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Fills every field of a generated record with random values, choosing the non-null branch of unions. */
public final class RandomRecords {

  private RandomRecords() {}

  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> T of(Class<T> type, Random random) {
    return (T) value(SpecificData.get().getSchema(type), random);
  }

  private static Object value(Schema schema, Random random) {
    LogicalType logical = schema.getLogicalType();
    if (logical != null && logical.getName().equals("timestamp-millis")) {
      return Instant.ofEpochMilli(1_600_000_000_000L + random.nextInt(1_000_000_000));
    }
    if (logical != null && logical.getName().equals("date")) {
      return LocalDate.ofEpochDay(18_000 + random.nextInt(2_000));
    }
    return switch (schema.getType()) {
      case RECORD -> {
        SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.pos(), value(field.schema(), random));
        }
        yield record;
      }
      case UNION -> value(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow(), random);
      case ENUM -> SpecificData.get().createEnum(schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())), schema);
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          items.add(value(schema.getElementType(), random));
        }
        yield items;
      }
      case MAP -> {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k" + random.nextInt(100), value(schema.getValueType(), random));
        yield map;
      }
      case STRING -> "s" + random.nextInt(1_000_000);
      case INT -> random.nextInt(10_000);
      case LONG -> random.nextLong();
      case DOUBLE -> random.nextDouble() * 100;
      case FLOAT -> random.nextFloat();
      case BOOLEAN -> random.nextBoolean();
      case BYTES -> ByteBuffer.wrap(new byte[] {(byte) random.nextInt()});
      default -> throw new IllegalArgumentException("no random value for " + schema);
    };
  }

}
