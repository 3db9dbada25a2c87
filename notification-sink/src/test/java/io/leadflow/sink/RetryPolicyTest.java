package io.leadflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(List.of(Duration.ofSeconds(5), Duration.ofSeconds(20),
      Duration.ofMinutes(1)), 0.2, Duration.ofHours(1));

  @Test
  void followsTheScheduleWithinTheJitter() {
    assertThat(policy.delayBefore(2, Optional.empty(), () -> 0.0)).contains(Duration.ofSeconds(4));
    assertThat(policy.delayBefore(2, Optional.empty(), () -> 0.5)).contains(Duration.ofSeconds(5));
    assertThat(policy.delayBefore(2, Optional.empty(), () -> 0.999999)).hasValueSatisfying(
        d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(6)));
    assertThat(policy.delayBefore(3, Optional.empty(), () -> 0.5)).contains(Duration.ofSeconds(20));
    assertThat(policy.delayBefore(4, Optional.empty(), () -> 0.5)).contains(Duration.ofMinutes(1));
  }

  @Test
  void theScheduleEndsAfterItsLastEntry() {
    assertThat(policy.maxAttempts()).isEqualTo(4);
    assertThat(policy.delayBefore(5, Optional.empty(), () -> 0.5)).isEmpty();
  }

  @Test
  void neverRetriesBeforeTheRetryAfterThePeerAskedFor() {
    assertThat(policy.delayBefore(2, Optional.of(Duration.ofSeconds(30)), () -> 0.5)).contains(Duration.ofSeconds(30));
    assertThat(policy.delayBefore(2, Optional.of(Duration.ofSeconds(1)), () -> 0.5)).contains(Duration.ofSeconds(5));
  }

  @Test
  void aPeerAskingForMoreThanTheMaximumWaitEndsTheSchedule() {
    assertThat(policy.delayBefore(2, Optional.of(Duration.ofHours(1)), () -> 0.5)).contains(Duration.ofHours(1));
    assertThat(policy.delayBefore(2, Optional.of(Duration.ofDays(1)), () -> 0.5)).isEmpty();
  }

  @Test
  void jitterMustBeAFraction() {
    assertThatThrownBy(() -> new RetryPolicy(List.of(), 1.5, Duration.ZERO)).hasMessageContaining("jitter");
  }
}
