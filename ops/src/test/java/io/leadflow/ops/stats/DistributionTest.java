package io.leadflow.ops.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionTest {

  @Test
  void equalSharesHaveNoSpreadAndGiniZero() {
    Distribution even = Distribution.of(40, 40, 40, 40, 40);
    assertThat(even.standardDeviation()).isZero();
    assertThat(even.gini()).isZero();
  }

  @Test
  void giniAndStandardDeviationByHand() {
    // 10, 20, 30, 40: mean 25; deviations ±15, ±5 → variance (225+25+25+225)/4 = 125.
    Distribution d = Distribution.of(40, 10, 30, 20);
    assertThat(d.standardDeviation()).isCloseTo(Math.sqrt(125), within(1e-9));
    // Σ(2i−n−1)x_i = (−3)10 + (−1)20 + (1)30 + (3)40 = 100; n·Σx = 4·100 → 0.25.
    assertThat(d.gini()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void oneHoldsEverything() {
    assertThat(Distribution.of(0, 0, 0, 100).gini()).isCloseTo(0.75, within(1e-9));
  }

  @Test
  void nearestRankPercentiles() {
    Distribution d = Distribution.of(5, 1, 4, 2, 3, 6, 7, 8, 9, 10);
    assertThat(d.percentile(0.5)).isEqualTo(5);
    assertThat(d.percentile(0.9)).isEqualTo(9);
    assertThat(d.percentile(0.99)).isEqualTo(10);
    assertThat(Distribution.of().percentile(0.5)).isZero();
  }
}
