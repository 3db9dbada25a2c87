package io.leadflow.routing.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-bucket histogram of assignment latencies, small enough to keep per pool and claim source in a store and
 * to add up exactly across instances. Quantiles interpolate linearly inside the bucket that holds the rank (as
 * Prometheus' {@code histogram_quantile} does), so a p95 is exact to within its bucket's width; the bounds follow
 * the seed's thresholds (10 s goal, 60 s alert, 15 min lock, 30/60 min escalation).
 */
public final class LatencyHistogram {

  /** Upper bounds of the buckets in milliseconds; one more bucket holds everything above the last. */
  public static final long[] BOUNDS_MILLIS = {
      100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
      2_700_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 86_400_000};

  private LatencyHistogram() {}

  /** A copy of {@code buckets} (possibly empty, from an older record) with one more observation. */
  public static List<Long> add(List<Long> buckets, long millis) {
    List<Long> out = new ArrayList<>(buckets);
    while (out.size() < BOUNDS_MILLIS.length + 1) {
      out.add(0L);
    }
    int bucket = bucketOf(Math.max(0, millis));
    out.set(bucket, out.get(bucket) + 1);
    return out;
  }

  /** Two histograms added up (either may be shorter, from an older record). */
  public static List<Long> merge(List<Long> a, List<Long> b) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      out.add((i < a.size() ? a.get(i) : 0L) + (i < b.size() ? b.get(i) : 0L));
    }
    return out;
  }

  static int bucketOf(long millis) {
    for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
      if (millis <= BOUNDS_MILLIS[i]) {
        return i;
      }
    }
    return BOUNDS_MILLIS.length;
  }

  public static long count(List<Long> buckets) {
    return buckets.stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The q-quantile (0 < q ≤ 1) in milliseconds, or null without observations. Never above {@code maxMillis}, the
   * largest observation, so the overflow bucket and a sparse top bucket do not invent a figure.
   */
  public static Long quantile(List<Long> buckets, double q, long maxMillis) {
    long n = count(buckets);
    if (n == 0) {
      return null;
    }
    double rank = Math.max(1, Math.ceil(q * n));
    long seen = 0;
    for (int i = 0; i < buckets.size(); i++) {
      long inBucket = buckets.get(i);
      if (inBucket > 0 && seen + inBucket >= rank) {
        if (i >= BOUNDS_MILLIS.length) {
          return maxMillis;
        }
        long lower = i == 0 ? 0 : BOUNDS_MILLIS[i - 1];
        long upper = BOUNDS_MILLIS[i];
        double value = lower + (upper - lower) * ((rank - seen) / inBucket);
        return Math.min(Math.round(value), maxMillis);
      }
      seen += inBucket;
    }
    return maxMillis;
  }
}
