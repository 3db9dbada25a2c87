package io.leadflow.cli.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads a CSV file with a header row, converting each row and naming file, line and field on any error. */
public final class CsvRows {

  /** One row with its line number, for error messages. */
  public record Row(Path file, int line, Map<String, String> fields) {

    public String required(String name) {
      String value = fields.get(name);
      if (value == null || value.isBlank()) {
        throw new DataFileException(file + ":" + line + ": field '" + name + "' is required");
      }
      return value.strip();
    }

    public String optional(String name) {
      String value = fields.get(name);
      return value == null || value.isBlank() ? null : value.strip();
    }

    public Integer optionalInt(String name) {
      String value = optional(name);
      try {
        return value == null ? null : Integer.valueOf(value);
      } catch (NumberFormatException e) {
        throw new DataFileException(file + ":" + line + ": field '" + name + "': expected a whole number, got '" + value + "'");
      }
    }

    public Double optionalDouble(String name) {
      String value = optional(name);
      try {
        Double parsed = value == null ? null : Double.valueOf(value);
        if (parsed != null && (parsed.isNaN() || parsed.isInfinite() || parsed < 0)) {
          throw new NumberFormatException();
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw new DataFileException(file + ":" + line + ": field '" + name + "': expected a number of 0 or more, got '" + value + "'");
      }
    }
  }

  private CsvRows() {}

  public static <T> List<T> read(Path file, Function<Row, T> convert) {
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<T> out = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
      while (rows.hasNextValue()) {
        int line = rows.getCurrentLocation().getLineNr();
        Map<String, String> fields = rows.nextValue();
        out.add(convert.apply(new Row(file, line, fields)));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof DataFileException d) {
        throw d;
      }
      throw new DataFileException(file + ": cannot read CSV: " + e.getMessage(), e);
    }
    return out;
  }
}
