package io.leadflow.platform.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * Plausibility limits every stream applies to what upstream systems send (docs/BAD-INPUT.md). A record outside them
 * is refused with an {@link InvalidInputException} naming the field, which the processing exception handler puts in
 * the DLQ headers. No Kafka here: the offline simulation applies the same limits.
 */
public final class InputChecks {

  /**
   * How far an event's own time may lie after the time its record was written. An activity dated in the year 2999
   * would otherwise score as if it had not decayed at all (2^(+t) grows without bound) and move stream time
   * centuries ahead, after which every windowed count would treat current records as expired.
   */
  public static final Duration MAX_AHEAD = Duration.ofHours(1);
  /** How far an event's own time may lie before its record was written: late data is fine, a 1970 date is not. */
  public static final Duration MAX_BEHIND = Duration.ofDays(365);
  /** Longest text field of a profile or activity, in characters. */
  public static final int MAX_TEXT = 2_000;
  /** Longest id (lead, event, rep, pool), in characters. */
  public static final int MAX_ID = 256;

  private InputChecks() {}

  /**
   * Whether {@code eventTime} is within the limits: not more than {@link #MAX_AHEAD} after both the record's timestamp
   * and the wall clock (replays and tests write records with old timestamps and later event times, which is fine as
   * long as those times have passed), and not more than {@link #MAX_BEHIND} before the record's timestamp.
   */
  public static boolean plausible(long eventTime, long recordTimestamp) {
    return eventTime <= latestAccepted(recordTimestamp) && eventTime >= recordTimestamp - MAX_BEHIND.toMillis();
  }

  private static long latestAccepted(long recordTimestamp) {
    return Math.max(recordTimestamp, System.currentTimeMillis()) + MAX_AHEAD.toMillis();
  }

  /**
   * @param field the event's time field, e.g. {@code occurredAt}
   * @param recordTimestamp when the record was written (the broker's or producer's timestamp)
   */
  public static void eventTime(String what, String field, Instant eventTime, long recordTimestamp) {
    if (eventTime == null) {
      throw new InvalidInputException(what + ": field '" + field + "' is missing");
    }
    long at = eventTime.toEpochMilli();
    if (at > latestAccepted(recordTimestamp)) {
      throw new InvalidInputException(what + ": field '" + field + "' is " + eventTime + ", "
          + Duration.ofMillis(at - Math.max(recordTimestamp, System.currentTimeMillis())).toDays()
          + " days in the future (record written at " + Instant.ofEpochMilli(recordTimestamp) + "; at most "
          + MAX_AHEAD.toMinutes() + " minutes ahead are accepted)");
    }
    if (at < recordTimestamp - MAX_BEHIND.toMillis()) {
      throw new InvalidInputException(what + ": field '" + field + "' is " + eventTime + ", "
          + Duration.ofMillis(recordTimestamp - at).toDays() + " days before the record was written at "
          + Instant.ofEpochMilli(recordTimestamp) + " (at most " + MAX_BEHIND.toDays() + " days late are accepted)");
    }
  }

  public static void text(String what, String field, CharSequence value) {
    if (value != null && value.length() > MAX_TEXT) {
      throw new InvalidInputException(what + ": field '" + field + "' is " + value.length()
          + " characters long; at most " + MAX_TEXT + " are accepted");
    }
  }

  public static void id(String what, String field, CharSequence value) {
    if (value != null && value.length() > MAX_ID) {
      throw new InvalidInputException(what + ": field '" + field + "' is " + value.length()
          + " characters long; at most " + MAX_ID + " are accepted");
    }
  }

  /** An id for a message: an oversized one is cut, so the DLQ reason stays readable. */
  public static String shorten(CharSequence value) {
    return value == null ? "null" : value.length() <= 80 ? value.toString() : value.subSequence(0, 80) + "…";
  }

  /** A number that must be finite and 0 or more when present (amounts, durations, weights). */
  public static void nonNegative(String what, String field, Number value) {
    if (value != null && !(Double.isFinite(value.doubleValue()) && value.doubleValue() >= 0)) {
      throw new InvalidInputException(what + ": field '" + field + "' must be a number of 0 or more, got " + value);
    }
  }
}
