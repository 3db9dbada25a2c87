package io.leadflow.routing.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolStatsTest {

  @Test
  void targetsFollowWeightsAndGiniIsZeroOnlyWhenEveryRepHasTheirShare() {
    List<PoolStats.RepCount> fair = List.of(new PoolStats.RepCount("a", 2, 20), new PoolStats.RepCount("b", 1, 10));
    assertThat(PoolStats.gini(fair)).isEqualTo(0.0);
    List<Map<String, Object>> rows = PoolStats.againstTarget(List.of(
        new PoolStats.RepCount("a", 2, 12), new PoolStats.RepCount("b", 1, 18)));
    assertThat(rows.get(0)).containsEntry("target", 20.0).containsEntry("gap", -8.0);
    assertThat(rows.get(1)).containsEntry("target", 10.0).containsEntry("gap", 8.0);
    // one of two equal-weight reps has everything: mean |x-y| over pairs / (2·mean) = 0.5
    assertThat(PoolStats.gini(List.of(new PoolStats.RepCount("a", 1, 10), new PoolStats.RepCount("b", 1, 0))))
        .isEqualTo(0.5);
    assertThat(PoolStats.gini(List.of(new PoolStats.RepCount("a", 1, 10)))).isNull();
  }

  @Test
  void theDailyClaimMinimumIsReportedOnlyWhereAPoolSetsOne() {
    assertThat(PoolStats.belowDailyMinimum(2, 3)).isTrue();
    assertThat(PoolStats.belowDailyMinimum(3, 3)).isFalse();
    assertThat(PoolStats.belowDailyMinimum(0, null)).isNull();
    assertThat(PoolStats.belowDailyMinimum(0, 0)).isNull();
  }

  @Test
  void agesGiveCountOldestAndMedian() {
    assertThat(PoolStats.ages(List.of(30L, 10L, 20L))).containsEntry("count", 3).containsEntry("oldestSeconds", 30L)
        .containsEntry("medianSeconds", 20L);
    assertThat(PoolStats.ages(List.of())).containsEntry("count", 0).containsEntry("oldestSeconds", null);
  }
}
