package io.leadflow.cli.data;

import io.leadflow.avro.OutcomeType;
import io.leadflow.ops.recalibrate.RepPerformance.Assignment;
import io.leadflow.ops.recalibrate.RepPerformance.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Assignment and outcome files for {@code leadflow recalibrate --from-files}: JSON Lines (one object per line,
 * {@code .jsonl}/{@code .ndjson}) or CSV with a header row, in a flat shape (not the Avro JSON encoding):
 *
 * <pre>
 * {"leadId":"lead-1","repId":"alice","assignedAt":"2026-10-01T09:00:00Z"}
 * {"leadId":"lead-1","type":"OPPORTUNITY","occurredAt":"2026-10-03T14:00:00Z"}
 * </pre>
 *
 * Times are ISO-8601 instants or epoch milliseconds. Other fields (e.g. a whole LeadAssignment's) are ignored.
 * Every row is checked first; errors name file, line and field, and nothing is used if any row is bad.
 */
public final class ActivityFiles {

  private ActivityFiles() {}

  public static List<Assignment> assignments(Path file) {
    return DataRows.read(file, row -> new Assignment(row.required("leadId"), row.required("repId"),
        instant(row, "assignedAt")));
  }

  public static List<Outcome> outcomes(Path file) {
    return DataRows.read(file, row -> new Outcome(row.required("leadId"), outcomeType(row), instant(row, "occurredAt")));
  }

  private static OutcomeType outcomeType(DataRows.Row row) {
    String value = row.required("type");
    try {
      return OutcomeType.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw row.invalid("type", "one of " + Arrays.toString(OutcomeType.values()), value);
    }
  }

  static Instant instant(DataRows.Row row, String field) {
    String value = row.required(field);
    try {
      if (value.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochMilli(Long.parseLong(value));
      }
      return Instant.parse(value);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw row.invalid(field, "an ISO-8601 instant like 2026-10-01T09:00:00Z or epoch milliseconds", value);
    }
  }
}
