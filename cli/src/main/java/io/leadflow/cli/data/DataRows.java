package io.leadflow.cli.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a data file of rows, CSV with a header row or JSON Lines (one object per line, by extension
 * {@code .jsonl}/{@code .ndjson}), converting every row. All rows are checked before anything is used: the error
 * lists every bad row with file, line and field, so a file is fixed in one pass.
 */
public final class DataRows {

  private static final int ERRORS_SHOWN = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

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
        Integer parsed = value == null ? null : Integer.valueOf(value);
        if (parsed != null && parsed < 0) {
          throw new NumberFormatException();
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw invalid(name, "a whole number of 0 or more", value);
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
        throw invalid(name, "a number of 0 or more", value);
      }
    }

    public Boolean optionalBoolean(String name) {
      String value = optional(name);
      if (value == null) {
        return null;
      }
      return switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0" -> false;
        default -> throw invalid(name, "true or false", value);
      };
    }

    public DataFileException invalid(String name, String expected, String value) {
      return new DataFileException(file + ":" + line + ": field '" + name + "': expected " + expected + ", got '" + value + "'");
    }
  }

  private DataRows() {}

  public static <T> List<T> read(Path file, Function<Row, T> convert) {
    return read(file, List.of(), convert);
  }

  /**
   * @param requiredColumns columns a CSV header must have: without this check a file whose header row is missing
   *     would read its first data row as the header and load nothing, silently
   */
  public static <T> List<T> read(Path file, List<String> requiredColumns, Function<Row, T> convert) {
    if (!Files.isRegularFile(file)) {
      throw new DataFileException(file + ": file not found");
    }
    List<Row> rows = isJsonLines(file) ? jsonLines(file) : csv(file, requiredColumns);
    List<T> out = new ArrayList<>(rows.size());
    List<String> errors = new ArrayList<>();
    for (Row row : rows) {
      try {
        out.add(convert.apply(row));
      } catch (DataFileException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      String shown = String.join("\n  ", errors.subList(0, Math.min(ERRORS_SHOWN, errors.size())));
      String more = errors.size() > ERRORS_SHOWN ? "\n  … and " + (errors.size() - ERRORS_SHOWN) + " more" : "";
      throw new DataFileException(errors.size() + " bad row(s) in " + file + "; nothing was loaded:\n  " + shown + more);
    }
    return out;
  }

  private static boolean isJsonLines(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson");
  }

  private static List<Row> csv(Path file, List<String> requiredColumns) {
    List<Row> rows = new ArrayList<>();
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    // Without ALLOW_TRAILING_COMMA an unquoted comma inside a value (one value too many) is an error, not a shifted row.
    CsvMapper mapper = CsvMapper.builder().disable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.ALLOW_TRAILING_COMMA).build();
    try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
      boolean more = it.hasNextValue();
      List<String> header = headerOf(it);
      for (String column : requiredColumns) {
        if (!header.contains(column)) {
          throw new DataFileException(file + ":1: field '" + column + "': the header row has no column '" + column
              + "' (is the header row missing? the columns needed are " + requiredColumns + ")");
        }
      }
      while (more) {
        int line = it.getCurrentLocation().getLineNr();
        rows.add(new Row(file, line, it.nextValue()));
        more = it.hasNextValue();
      }
    } catch (DataFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // MappingIterator wraps the parser's exception in an unchecked one
      Throwable cause = e instanceof com.fasterxml.jackson.dataformat.csv.CsvReadException ? e : e.getCause();
      if (cause instanceof com.fasterxml.jackson.dataformat.csv.CsvReadException tooMany) {
        int line = tooMany.getLocation() == null ? 0 : tooMany.getLocation().getLineNr();
        throw new DataFileException(file + ":" + line + ": field 'columns': the row has more values than the header has "
            + "columns; quote a value that contains a comma (" + tooMany.getOriginalMessage() + ")", e);
      }
      throw new DataFileException(file + ": cannot read CSV: " + e.getMessage(), e);
    }
    return rows;
  }

  private static List<String> headerOf(MappingIterator<?> it) {
    CsvSchema read = (CsvSchema) it.getParserSchema();
    return read == null ? List.of() : java.util.stream.StreamSupport.stream(read.spliterator(), false)
        .map(CsvSchema.Column::getName).toList();
  }

  private static List<Row> jsonLines(Path file) {
    List<Row> rows = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        try {
          Map<String, Object> object = JSON.readValue(text, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
          Map<String, String> fields = new LinkedHashMap<>();
          object.forEach((key, value) -> fields.put(key, value == null ? null : value.toString()));
          rows.add(new Row(file, line, fields));
        } catch (JsonProcessingException e) {
          errors.add(file + ":" + line + ": not a JSON object: " + e.getOriginalMessage());
        }
      }
    } catch (IOException e) {
      throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (!errors.isEmpty()) {
      throw new DataFileException(errors.size() + " bad row(s) in " + file + "; nothing was loaded:\n  " + String.join("\n  ", errors));
    }
    return rows;
  }
}
