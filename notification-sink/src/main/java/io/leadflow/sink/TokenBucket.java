package io.leadflow.sink;

/**
 * A per-channel rate limit that never blocks: {@link #reserve(long)} takes a permit and says how long the caller
 * must wait before using it, so a delivery over the limit is scheduled for later instead of holding a thread.
 * Up to {@code burst} permits can be used at once. Thread-safe. No Kafka here.
 */
public final class TokenBucket {

  private final double permitsPerMilli;
  private final double burst;
  private double available;
  private long updatedAt;

  public TokenBucket(double permitsPerSecond, int burst, long nowMillis) {
    if (permitsPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate must be positive and burst at least 1");
    }
    this.permitsPerMilli = permitsPerSecond / 1000.0;
    this.burst = burst;
    this.available = burst;
    this.updatedAt = nowMillis;
  }

  /** Takes one permit; returns 0 if it may be used now, else the milliseconds until it may. */
  public synchronized long reserve(long nowMillis) {
    if (nowMillis > updatedAt) {
      available = Math.min(burst, available + (nowMillis - updatedAt) * permitsPerMilli);
      updatedAt = nowMillis;
    }
    available -= 1;
    return available >= 0 ? 0 : (long) Math.ceil(-available / permitsPerMilli);
  }
}
