package io.leadflow.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void quantilesStayInsideTheBucketOfTheExactValueAndNeverAboveTheMax() {
    Random random = new Random(42);
    List<Long> buckets = List.of();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      // log-uniform between 50 ms and 2 h: every bucket gets some
      long millis = Math.round(Math.exp(Math.log(50) + random.nextDouble() * (Math.log(7_200_000) - Math.log(50))));
      values.add(millis);
      buckets = LatencyHistogram.add(buckets, millis);
    }
    values.sort(null);
    long max = values.get(values.size() - 1);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      long exact = values.get((int) Math.ceil(q * values.size()) - 1);
      int bucket = LatencyHistogram.bucketOf(exact);
      long lower = bucket == 0 ? 0 : LatencyHistogram.BOUNDS_MILLIS[bucket - 1];
      long upper = LatencyHistogram.BOUNDS_MILLIS[bucket];
      assertThat(LatencyHistogram.quantile(buckets, q, max)).as("q=%s, exact %d ms", q, exact).isBetween(lower, upper);
    }
    assertThat(LatencyHistogram.count(buckets)).isEqualTo(5_000);
  }

  @Test
  void oneObservationIsReportedExactlyAtItsBucketsTopOrTheMax() {
    List<Long> one = LatencyHistogram.add(List.of(), 300_000);
    assertThat(LatencyHistogram.quantile(one, 0.5, 300_000)).isEqualTo(300_000);
    List<Long> small = LatencyHistogram.add(List.of(), 3);
    assertThat(LatencyHistogram.quantile(small, 0.95, 3)).as("capped at the max").isEqualTo(3);
    List<Long> huge = LatencyHistogram.add(List.of(), 200_000_000);
    assertThat(LatencyHistogram.quantile(huge, 0.5, 200_000_000)).as("overflow bucket").isEqualTo(200_000_000);
    assertThat(LatencyHistogram.quantile(List.of(), 0.5, 0)).isNull();
    assertThat(LatencyHistogram.add(List.of(), -5).get(0)).as("clock skew counts as 0").isEqualTo(1);
  }

  @Test
  void mergedHistogramsEqualOneHistogramOfAllValues() {
    List<Long> a = List.of();
    List<Long> b = List.of();
    List<Long> both = List.of();
    for (long v = 10; v < 10_000_000; v *= 3) {
      a = LatencyHistogram.add(a, v);
      b = LatencyHistogram.add(b, v * 2);
      both = LatencyHistogram.add(LatencyHistogram.add(both, v), v * 2);
    }
    assertThat(LatencyHistogram.merge(a, b)).isEqualTo(both);
    assertThat(LatencyHistogram.merge(List.of(), a)).isEqualTo(a);
  }
}
