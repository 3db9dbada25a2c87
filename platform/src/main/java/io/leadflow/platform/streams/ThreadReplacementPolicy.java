package io.leadflow.platform.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uncaught-exception policy: a crashed stream thread is replaced (its task restarts from the last committed
 * transaction, so nothing is lost), but if threads keep crashing the client shuts down instead of looping.
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

  private final int maxReplacements;
  private final Duration window;
  private final Clock clock;
  private final Deque<Instant> recent = new ArrayDeque<>();

  public ThreadReplacementPolicy(int maxReplacements, Duration window, Clock clock) {
    this.maxReplacements = maxReplacements;
    this.window = window;
    this.clock = clock;
  }

  public static ThreadReplacementPolicy standard() {
    return new ThreadReplacementPolicy(3, Duration.ofMinutes(10), Clock.systemUTC());
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    if (GlobalThreads.isCurrent()) {
      // Kafka cannot replace the global thread: asked to, 4.3.1 fails with a ClassCastException of its own.
      LOG.error("global stream thread failed; shutting this client down", exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    Instant now = clock.instant();
    while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
      recent.removeFirst();
    }
    if (recent.size() >= maxReplacements) {
      LOG.error("stream thread failed {} times within {}; shutting this client down", recent.size() + 1, window, exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    recent.addLast(now);
    LOG.error("stream thread failed; replacing it", exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
