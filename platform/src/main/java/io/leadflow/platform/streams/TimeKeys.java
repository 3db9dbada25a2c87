package io.leadflow.platform.streams;

/**
 * Zero-padded numbers for store keys that must sort by time in the store's byte order (due timers, queues). Exactly
 * what {@code String.format("%0" + width + "d", value)} gives, which existing changelogs hold, built without a
 * {@link java.util.Formatter}: parsing the format on every key was a visible share of the routing and scoring CPU
 * (docs/BENCHMARKS.md).
 */
public final class TimeKeys {

  private TimeKeys() {}

  public static String zeroPadded(long value, int width) {
    if (value < 0) {
      return String.format("%0" + width + "d", value); // the sign changes the padding; never a real time
    }
    String digits = Long.toString(value);
    if (digits.length() >= width) {
      return digits;
    }
    return "0".repeat(width - digits.length()).concat(digits);
  }
}
