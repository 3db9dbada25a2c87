package io.leadflow.ops.recalibrate;

import java.util.Locale;

/**
 * How far one recalibration cycle may move a rep's weight: an absolute step ({@code 0.3}: at most ±0.3 per cycle),
 * a share of the current weight ({@code 30%}: at most ±30 % of the current weight), or {@link #NONE}.
 */
public record MaxChange(double amount, boolean relative) {

  /** No limit. */
  public static final MaxChange NONE = new MaxChange(Double.POSITIVE_INFINITY, false);

  public MaxChange {
    if (!(amount > 0)) {
      throw new IllegalArgumentException("max change must be > 0, was " + amount);
    }
  }

  public static MaxChange absolute(double amount) {
    return new MaxChange(amount, false);
  }

  public static MaxChange percent(double percent) {
    return new MaxChange(percent / 100.0, true);
  }

  /**
   * Parses {@code 0.3} (absolute), {@code 30%} (relative to the current weight) or {@code none}.
   *
   * @throws IllegalArgumentException with the accepted forms
   */
  public static MaxChange parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("none") || t.equals("off")) {
        return NONE;
      }
      if (t.endsWith("%")) {
        return percent(Double.parseDouble(t.substring(0, t.length() - 1).strip()));
      }
      return absolute(Double.parseDouble(t));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("max change '" + text + "': expected an absolute step like 0.3, a share "
          + "like 30% or none");
    }
  }

  /** The largest move allowed from {@code current}. */
  public double limitFrom(double current) {
    return relative ? Math.abs(current) * amount : amount;
  }

  /** {@code target}, moved no further from {@code current} than allowed. */
  public double apply(double current, double target) {
    double limit = limitFrom(current);
    return Math.max(current - limit, Math.min(current + limit, target));
  }

  @Override
  public String toString() {
    if (Double.isInfinite(amount)) {
      return "none";
    }
    return relative ? trim(amount * 100) + "%" : trim(amount);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
