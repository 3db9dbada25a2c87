package io.leadflow.routing.rules;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A rep's weekly working hours, e.g. {@code MON-FRI 08:00-18:00} or {@code MON-THU 08:00-17:00, FRI 08:00-14:00}.
 *
 * <p>Seed 002 (skip logic) skips reps who cannot answer now, and seed 000 (vacation and availability handling) asks to
 * check availability at assignment time; a rep outside their hours is such a case. Grammar: comma-separated blocks of
 * {@code DAYS HH:MM-HH:MM}, where DAYS is one day ({@code SAT}) or a forward range ({@code MON-FRI}); times are 24h,
 * the start inclusive and the end exclusive; {@code 24:00} is allowed as an end to mean the end of the day. A block may
 * not cross midnight, so write {@code MON 22:00-24:00, TUE 00:00-02:00} instead of {@code MON 22:00-02:00}. Blocks may
 * overlap; the rep is open when any block is. A null or blank spec means always open.
 *
 * <p>Hours are wall-clock times in the rep's zone, evaluated through {@link ZonedDateTime}, so 08:00 stays 08:00 local
 * across daylight-saving changes.
 */
public final class WorkingHours {

  /** No restriction: what a rep without configured hours gets. */
  public static final WorkingHours ALWAYS = new WorkingHours(List.of());

  private static final long NANOS_PER_DAY = 24L * 60 * 60 * 1_000_000_000L;
  private static final Pattern BLOCK = Pattern.compile("(\\S+)\\s+(\\S+)");
  private static final Pattern TIME_RANGE = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})");
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");

  /** One block: the days it applies to and [start, end) as nanoseconds of the local day. */
  private record Block(Set<DayOfWeek> days, long startNanoOfDay, long endNanoOfDay, String text) {
    boolean contains(DayOfWeek day, long nanoOfDay) {
      return days.contains(day) && nanoOfDay >= startNanoOfDay && nanoOfDay < endNanoOfDay;
    }
  }

  private final List<Block> blocks;

  private WorkingHours(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /**
   * Parses a schedule.
   *
   * @throws IllegalArgumentException naming the block (and the part of it) that is malformed
   */
  public static WorkingHours parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return ALWAYS;
    }
    List<Block> blocks = new ArrayList<>();
    for (String rawBlock : spec.split(",", -1)) {
      blocks.add(parseBlock(rawBlock.trim(), spec));
    }
    return new WorkingHours(blocks);
  }

  /** Whether the rep is within their hours at {@code at}, read as wall-clock time in {@code zone}. */
  public boolean isOpen(Instant at, ZoneId zone) {
    if (blocks.isEmpty()) {
      return true;
    }
    ZonedDateTime local = at.atZone(zone);
    long nanoOfDay = local.toLocalTime().toNanoOfDay();
    DayOfWeek day = local.getDayOfWeek();
    return blocks.stream().anyMatch(block -> block.contains(day, nanoOfDay));
  }

  public boolean isAlwaysOpen() {
    return blocks.isEmpty();
  }

  /** The canonical spec, e.g. {@code MON-FRI 08:00-18:00}; {@code always} when unrestricted. */
  @Override
  public String toString() {
    return blocks.isEmpty() ? "always" : blocks.stream().map(Block::text).collect(Collectors.joining(", "));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WorkingHours that && blocks.equals(that.blocks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(blocks);
  }

  private static Block parseBlock(String block, String spec) {
    if (block.isEmpty()) {
      throw new IllegalArgumentException("working hours '" + spec + "': empty block (stray comma?)");
    }
    Matcher matcher = BLOCK.matcher(block);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("working hours block '" + block
          + "': expected DAYS HH:MM-HH:MM, e.g. MON-FRI 08:00-18:00");
    }
    String daysPart = matcher.group(1);
    String timesPart = matcher.group(2);
    Set<DayOfWeek> days = parseDays(daysPart, block);

    Matcher times = TIME_RANGE.matcher(timesPart);
    if (!times.matches()) {
      throw new IllegalArgumentException("working hours block '" + block + "': bad time range '" + timesPart
          + "', expected HH:MM-HH:MM");
    }
    long start = parseTime(times.group(1), block, false);
    long end = parseTime(times.group(2), block, true);
    if (end < start) {
      throw new IllegalArgumentException("working hours block '" + block + "': time range '" + timesPart
          + "' crosses midnight; split it at 24:00 into two blocks");
    }
    if (end == start) {
      throw new IllegalArgumentException("working hours block '" + block + "': time range '" + timesPart
          + "' is empty (end is exclusive and must be after start)");
    }
    String canonical = canonicalDays(daysPart) + " " + format(start) + "-" + format(end);
    return new Block(days, start, end, canonical);
  }

  private static Set<DayOfWeek> parseDays(String daysPart, String block) {
    String[] ends = daysPart.split("-", -1);
    if (ends.length > 2) {
      throw new IllegalArgumentException("working hours block '" + block + "': bad day range '" + daysPart + "'");
    }
    DayOfWeek first = parseDay(ends[0], block);
    DayOfWeek last = ends.length == 2 ? parseDay(ends[1], block) : first;
    if (last.compareTo(first) < 0) {
      // Wrapping ranges (FRI-MON) are more often a typo than a weekend shift; the weekend shift can be spelled out.
      throw new IllegalArgumentException("working hours block '" + block + "': day range '" + daysPart
          + "' runs backwards (weeks run MON..SUN); split it into two blocks");
    }
    return EnumSet.range(first, last);
  }

  private static DayOfWeek parseDay(String text, String block) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (upper.length() == 3 && day.name().startsWith(upper)) {
        return day;
      }
    }
    throw new IllegalArgumentException("working hours block '" + block + "': unknown day '" + text
        + "', expected one of MON TUE WED THU FRI SAT SUN");
  }

  private static long parseTime(String text, String block, boolean isEnd) {
    Matcher matcher = TIME.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("working hours block '" + block + "': bad time '" + text + "'");
    }
    int hour = Integer.parseInt(matcher.group(1));
    int minute = Integer.parseInt(matcher.group(2));
    if (isEnd && hour == 24 && minute == 0) {
      return NANOS_PER_DAY;
    }
    if (hour > 23 || minute > 59) {
      throw new IllegalArgumentException("working hours block '" + block + "': bad time '" + text
          + "', expected 00:00..23:59" + (isEnd ? " or 24:00" : ""));
    }
    return LocalTime.of(hour, minute).toNanoOfDay();
  }

  private static String canonicalDays(String daysPart) {
    return daysPart.toUpperCase(Locale.ROOT);
  }

  private static String format(long nanoOfDay) {
    return nanoOfDay == NANOS_PER_DAY ? "24:00" : LocalTime.ofNanoOfDay(nanoOfDay).toString();
  }
}
