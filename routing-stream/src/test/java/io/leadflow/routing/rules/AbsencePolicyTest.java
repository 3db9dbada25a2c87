package io.leadflow.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AbsencePolicyTest {

  /** Two equal reps; one was away while the other took 40 leads. */
  private static long leadsInARowAfterReturn(AbsencePolicy policy, int limit) {
    double[] weights = {1, 1};
    long[] counts = {40, 0};
    counts[1] += policy.credit(0.5, 40, 0, limit);
    long inARow = 0;
    while (ChairmanAssignment.pick(weights, counts, 2) == 1) {
      counts[1]++;
      inARow++;
    }
    return inARow;
  }

  @Test
  void fullCatchUpHandsTheReturningRepEveryLeadUntilLevel() {
    assertThat(leadsInARowAfterReturn(AbsencePolicy.FULL, 3)).isEqualTo(40);
  }

  @Test
  void boundedCatchUpStopsAtTheLimit() {
    assertThat(leadsInARowAfterReturn(AbsencePolicy.BOUNDED, 3)).isBetween(2L, 3L);
    assertThat(leadsInARowAfterReturn(AbsencePolicy.BOUNDED, 10)).isBetween(9L, 10L);
  }

  @Test
  void noCatchUpRejoinsTheRotationAtOnce() {
    assertThat(leadsInARowAfterReturn(AbsencePolicy.NONE, 3)).isLessThanOrEqualTo(1);
  }

  @Test
  void nothingIsCreditedToARepAheadOfTheirShare() {
    assertThat(AbsencePolicy.NONE.credit(0.5, 40, 30, 0)).isZero();
  }

  @Test
  void unknownPolicyNamesTheValidOnes() {
    assertThatThrownBy(() -> AbsencePolicy.fromConfigName("some"))
        .hasMessageContaining("none, bounded, full");
  }
}
