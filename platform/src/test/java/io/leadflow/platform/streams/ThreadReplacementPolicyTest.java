package io.leadflow.platform.streams;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-05T09:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(3, Duration.ofMinutes(10), clock);
  private final RuntimeException boom = new RuntimeException("boom");

  @Test
  void replacesCrashedThreadsUntilTheyCrashTooOften() {
    assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(boom)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void forgetsCrashesOutsideTheWindow() {
    policy.handle(boom);
    policy.handle(boom);
    policy.handle(boom);
    clock.now = clock.now.plus(Duration.ofMinutes(11));
    assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
  }

  @Test
  void theGlobalThreadIsNeverReplacedButTheClientShutsDown() throws Exception {
    // Kafka cannot replace a global thread; answering REPLACE_THREAD made it fail with a ClassCastException.
    java.util.concurrent.atomic.AtomicReference<Object> answer = new java.util.concurrent.atomic.AtomicReference<>();
    Thread global = new Thread(() -> answer.set(policy.handle(boom)), "routing-stream-1-GlobalStreamThread");
    global.start();
    global.join();

    org.assertj.core.api.Assertions.assertThat(answer.get()).isEqualTo(
        org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }
}
