package io.leadflow.sink;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed delivery attempt. Retryable: the peer may take it later (I/O errors, timeouts, 408, 429, 5xx);
 * permanent: it never will (other 4xx, a malformed address), so the alert goes to the DLQ at once.
 * The message must not contain secrets (URLs with tokens, passwords): it is logged and published.
 */
public final class DeliveryException extends Exception {

  private final boolean retryable;
  private final Integer statusCode;
  private final Duration retryAfter;

  private DeliveryException(String message, boolean retryable, Integer statusCode, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }

  public static DeliveryException retryable(String message, Integer statusCode, Duration retryAfter, Throwable cause) {
    return new DeliveryException(message, true, statusCode, retryAfter, cause);
  }

  public static DeliveryException permanent(String message, Integer statusCode, Throwable cause) {
    return new DeliveryException(message, false, statusCode, null, cause);
  }

  public boolean retryable() {
    return retryable;
  }

  public Optional<Integer> statusCode() {
    return Optional.ofNullable(statusCode);
  }

  /** What the peer asked for (HTTP 429/503 {@code Retry-After}); the sink waits at least this long. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
