package io.leadflow.sink;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: the n-th retry waits {@code backoff[n-1]}, spread by ± {@code jitter} so
 * that many alerts failing together do not all come back at the same moment, and never less than the peer's
 * {@code Retry-After}. After the last entry of the schedule the delivery has failed for good. No Kafka here.
 */
public record RetryPolicy(List<Duration> backoff, double jitter, Duration maxRetryAfter) {

  public RetryPolicy {
    backoff = List.copyOf(backoff);
    if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must be 0 or more");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be within [0, 1), got " + jitter);
    }
  }

  /** Attempts in all, the first one included. */
  public int maxAttempts() {
    return backoff.size() + 1;
  }

  /**
   * How long to wait before attempt {@code nextAttempt} (2 = the first retry); empty when the schedule is used up,
   * or when the peer asks to wait longer than {@code maxRetryAfter} (a retry held that long would pin offsets).
   *
   * @param random a value in [0, 1) (e.g. {@code ThreadLocalRandom.current()::nextDouble})
   */
  public Optional<Duration> delayBefore(int nextAttempt, Optional<Duration> retryAfter, DoubleSupplier random) {
    if (nextAttempt < 2 || nextAttempt > maxAttempts()
        || retryAfter.filter(wait -> wait.compareTo(maxRetryAfter) > 0).isPresent()) {
      return Optional.empty();
    }
    long base = backoff.get(nextAttempt - 2).toMillis();
    long jittered = Math.round(base * (1 - jitter + 2 * jitter * random.getAsDouble()));
    long atLeast = retryAfter.map(Duration::toMillis).orElse(0L);
    return Optional.of(Duration.ofMillis(Math.max(jittered, atLeast)));
  }
}
