package io.leadflow.cli.data;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import io.leadflow.routing.rules.WorkingHours;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The reps spreadsheet of seed 000 ("Massenimport für Team-Gewichte": export, edit in a spreadsheet, import):
 * CSV with a header row and the columns {@link #COLUMNS}.
 *
 * <ul>
 *   <li>{@code pools}: pool ids separated by {@code ;} (e.g. {@code inbound;enterprise}).
 *   <li>{@code weight}: the <em>effective</em> weight: the rep's record in rep-weights when there is one, else the
 *       static {@code Rep.weight}; written with at most four decimals. On import a weight that differs from the
 *       current effective weight by more than {@link #WEIGHT_TOLERANCE} becomes a RepWeight with model
 *       {@code admin}; an empty cell leaves the weight alone.
 *   <li>Empty cells mean "not set" (null) for the optional columns; {@code active} and {@code available} default
 *       to true, {@code fte} to 1.0, {@code timeZone} to UTC.
 *   <li>Columns the CSV does not carry (territories, verticals, segments, channels, absences, start date, …) are
 *       kept from the rep's current record on import.
 * </ul>
 */
public final class RepsCsv {

  public static final List<String> COLUMNS = List.of("repId", "name", "email", "active", "pools", "tier", "weight",
      "conversionRate", "fte", "maxActiveLeads", "available", "timeZone", "workingHours", "managerRepId",
      "backupRepId");

  /** Half the last exported decimal: a weight that only lost digits in the spreadsheet is not a change. */
  public static final double WEIGHT_TOLERANCE = 0.00005;

  private RepsCsv() {}

  /** One validated spreadsheet row. */
  public record Row(int line, String repId, String name, String email, boolean active, List<String> pools,
      Integer tier, Double weight, Double conversionRate, double fte, Integer maxActiveLeads, boolean available,
      String timeZone, String workingHours, String managerRepId, String backupRepId) {}

  /** What an import would do to one rep. */
  public record Change(String repId, Rep before, Rep after, Double weightBefore, Double weightAfter,
      List<String> changedFields) {

    public boolean isNew() {
      return before == null;
    }

    public boolean repChanged() {
      return !Objects.equals(before, after);
    }

    /** True when the import publishes an admin RepWeight. */
    public boolean weightChanged() {
      return weightAfter != null && (weightBefore == null || Math.abs(weightAfter - weightBefore) > WEIGHT_TOLERANCE);
    }
  }

  // ---- export

  /** Writes the header and one row per rep, sorted by rep id. */
  public static void write(Writer out, Collection<Rep> reps, Map<String, RepWeight> weights) {
    try {
      out.write(String.join(",", COLUMNS));
      out.write("\n");
      List<Rep> sorted = new ArrayList<>(reps);
      sorted.sort((a, b) -> a.getRepId().compareTo(b.getRepId()));
      for (Rep rep : sorted) {
        RepWeight weight = weights.get(rep.getRepId());
        List<String> cells = List.of(rep.getRepId(), rep.getName(), text(rep.getEmail()),
            String.valueOf(rep.getActive()), String.join(";", rep.getPools()), text(rep.getTier()),
            number(weight != null ? weight.getWeight() : rep.getWeight()), text(rep.getConversionRate()),
            text(rep.getFte()), text(rep.getMaxActiveLeads()), String.valueOf(rep.getAvailable()), rep.getTimeZone(),
            text(rep.getWorkingHours()), text(rep.getManagerRepId()), text(rep.getBackupRepId()));
        out.write(cells.stream().map(RepsCsv::quote).collect(Collectors.joining(",")));
        out.write("\n");
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The effective weight: rep-weights when present, else the static weight. */
  public static double effectiveWeight(Rep rep, RepWeight weight) {
    return weight != null ? weight.getWeight() : rep.getWeight();
  }

  // ---- import

  /**
   * Reads and validates every row; the exception lists every bad row (file, line, field) and nothing is returned
   * if any row is bad.
   */
  public static List<Row> read(Path file) {
    checkHeader(file);
    List<Row> rows = DataRows.read(file, RepsCsv::row);
    Map<String, Integer> seen = new HashMap<>();
    List<String> errors = new ArrayList<>();
    Set<String> ids = rows.stream().map(Row::repId).collect(Collectors.toSet());
    for (Row row : rows) {
      Integer first = seen.putIfAbsent(row.repId(), row.line());
      if (first != null) {
        errors.add(file + ":" + row.line() + ": field 'repId': " + row.repId() + " appears again (first on line " + first + ")");
      }
      if (row.repId().equals(row.managerRepId()) || row.repId().equals(row.backupRepId())) {
        errors.add(file + ":" + row.line() + ": field '" + (row.repId().equals(row.managerRepId()) ? "managerRepId" : "backupRepId")
            + "': a rep cannot be their own manager or backup");
      }
    }
    if (!errors.isEmpty()) {
      throw new DataFileException(errors.size() + " bad row(s) in " + file + "; nothing was loaded:\n  "
          + String.join("\n  ", errors));
    }
    return rows;
  }

  /** The reps topic's record for each row: the current record with the CSV's columns applied, or a new one. */
  public static List<Change> plan(List<Row> rows, Map<String, Rep> currentReps, Map<String, RepWeight> currentWeights) {
    List<Change> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Rep before = currentReps.get(row.repId());
      Rep after = merge(row, before);
      Double weightBefore = before == null ? null : effectiveWeight(before, currentWeights.get(row.repId()));
      out.add(new Change(row.repId(), before, after, weightBefore, row.weight(), changedFields(before, after)));
    }
    return out;
  }

  /** An admin RepWeight for a changed weight. */
  public static RepWeight adminWeight(Change change, String version, Instant at) {
    Map<String, Double> inputs = new HashMap<>();
    if (change.weightBefore() != null) {
      inputs.put("previousWeight", change.weightBefore());
    }
    return RepWeight.newBuilder().setRepId(change.repId()).setWeight(change.weightAfter()).setModel("admin")
        .setVersion(version).setInputs(inputs).setComputedAt(at).build();
  }

  static Rep merge(Row row, Rep current) {
    Rep.Builder b = current == null
        ? Rep.newBuilder().setRepId(row.repId()).setName(row.name())
            .setWeight(row.weight() == null ? 1.0 : row.weight())
            .setChannels(List.of(NotificationChannel.newBuilder().setType(ChannelType.CONSOLE).setAddress(row.repId()).build()))
        : Rep.newBuilder(current);
    return b.setName(row.name()).setEmail(row.email()).setActive(row.active()).setPools(row.pools())
        .setTier(row.tier()).setConversionRate(row.conversionRate()).setFte(row.fte())
        .setMaxActiveLeads(row.maxActiveLeads()).setAvailable(row.available()).setTimeZone(row.timeZone())
        .setWorkingHours(row.workingHours()).setManagerRepId(row.managerRepId()).setBackupRepId(row.backupRepId())
        .build();
  }

  private static List<String> changedFields(Rep before, Rep after) {
    if (before == null) {
      return List.of();
    }
    List<String> changed = new ArrayList<>();
    for (String column : COLUMNS) {
      if (column.equals("weight")) {
        continue;
      }
      if (!Objects.equals(before.get(column), after.get(column))) {
        changed.add(column);
      }
    }
    return changed;
  }

  private static Row row(DataRows.Row r) {
    String repId = r.required("repId");
    String name = r.required("name");
    String email = r.optional("email");
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw r.invalid("email", "an e-mail address", email);
    }
    Boolean active = r.optionalBoolean("active");
    String poolsText = r.optional("pools");
    List<String> pools = poolsText == null ? List.of()
        : Arrays.stream(poolsText.split(";")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    Integer tier = r.optionalInt("tier");
    if (tier != null && (tier < 1 || tier > 3)) {
      throw r.invalid("tier", "1, 2 or 3", r.optional("tier"));
    }
    Double weight = r.optionalDouble("weight");
    Double rate = r.optionalDouble("conversionRate");
    if (rate != null && rate > 1) {
      throw r.invalid("conversionRate", "a rate within 0..1", r.optional("conversionRate"));
    }
    Double fte = r.optionalDouble("fte");
    Integer maxActive = r.optionalInt("maxActiveLeads");
    Boolean available = r.optionalBoolean("available");
    String zone = r.optional("timeZone");
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw r.invalid("timeZone", "a time zone like Europe/Berlin", zone);
      }
    }
    String hours = r.optional("workingHours");
    try {
      WorkingHours.parse(hours);
    } catch (RuntimeException e) {
      throw new DataFileException(r.file() + ":" + r.line() + ": field 'workingHours': " + e.getMessage());
    }
    return new Row(r.line(), repId, name, email, active == null || active, pools, tier, weight, rate,
        fte == null ? 1.0 : fte, maxActive, available == null || available, zone == null ? "UTC" : zone, hours,
        r.optional("managerRepId"), r.optional("backupRepId"));
  }

  private static void checkHeader(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataFileException(file + ": file not found");
    }
    String header;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      header = reader.readLine();
    } catch (IOException e) {
      throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (header == null) {
      throw new DataFileException(file + ":1: empty file; expected the header " + String.join(",", COLUMNS));
    }
    Set<String> columns = new LinkedHashSet<>();
    for (String cell : header.replace("\uFEFF", "").split(",")) {
      columns.add(cell.strip().replace("\"", ""));
    }
    List<String> unknown = columns.stream().filter(c -> !COLUMNS.contains(c)).toList();
    List<String> missing = List.of("repId", "name").stream().filter(c -> !columns.contains(c)).toList();
    if (!unknown.isEmpty() || !missing.isEmpty()) {
      throw new DataFileException(file + ":1: header: " + (unknown.isEmpty() ? "" : "unknown column(s) " + unknown + " ")
          + (missing.isEmpty() ? "" : "missing column(s) " + missing + " ") + "(columns: " + String.join(",", COLUMNS) + ")");
    }
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /** Up to four decimals, no trailing zeros: 1.6, 1.2649, 1. */
  static String number(double value) {
    String text = String.format(Locale.ROOT, "%.4f", value);
    text = text.replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }

  private static String quote(String cell) {
    if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }
}
