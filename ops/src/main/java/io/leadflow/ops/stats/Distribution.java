package io.leadflow.ops.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * Figures of how evenly something is spread (leads per rep, response times): mean, population standard
 * deviation, Gini coefficient and percentiles. Pure; shared by backtest and report.
 */
public final class Distribution {

  private final double[] sorted;

  private Distribution(double[] values) {
    this.sorted = values.clone();
    Arrays.sort(this.sorted);
  }

  public static Distribution of(double... values) {
    return new Distribution(values);
  }

  public static Distribution of(Collection<? extends Number> values) {
    return new Distribution(values.stream().mapToDouble(Number::doubleValue).toArray());
  }

  public int size() {
    return sorted.length;
  }

  public double sum() {
    return Arrays.stream(sorted).sum();
  }

  public double mean() {
    return sorted.length == 0 ? 0 : sum() / sorted.length;
  }

  /** Population standard deviation (the spread of the reps there are, not an estimate of a larger team's). */
  public double standardDeviation() {
    if (sorted.length == 0) {
      return 0;
    }
    double mean = mean();
    double squares = 0;
    for (double value : sorted) {
      squares += (value - mean) * (value - mean);
    }
    return Math.sqrt(squares / sorted.length);
  }

  /**
   * Gini coefficient: 0 when every value is equal, approaching 1 when one holds everything. Computed as
   * Σ(2i − n − 1)·x_i / (n·Σx) over the values sorted ascending, i = 1..n.
   */
  public double gini() {
    int n = sorted.length;
    double total = sum();
    if (n == 0 || total == 0) {
      return 0;
    }
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      weighted += (2.0 * (i + 1) - n - 1) * sorted[i];
    }
    return weighted / (n * total);
  }

  /** Nearest-rank percentile, {@code p} in (0, 1]; 0 for no values. */
  public double percentile(double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
