package io.leadflow.ops.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.leadflow.avro.Rep;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator runs its three topologies on three threads: a failure on any of them ends the run with that failure
 * instead of leaving the others waiting, and every output still reaches the sink on the caller's thread.
 */
class SimulatorPipelineTest {

  @TempDir Path dir;

  private SimulationSetup setup() {
    List<Rep> reps = List.of(SimulationFixtures.rep("alice", 1, 0.3).build());
    return new SimulationSetup("current", SimulationFixtures.config(
        SimulationFixtures.routingRules(dir, "current", "{weight-model: static}")), reps, List.of(), List.of(), List.of());
  }

  /** Enough leads for several batches between the threads, each reaching MQL with a demo request. */
  private static List<SimulationEvent> log(int leads) {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < leads; i++) {
      long at = 1_793_600_000_000L + i * 60_000L;
      log.append("""
          {"kind":"lead","eventId":"l%d-p","leadId":"l%d","type":"PROFILE","occurredAt":%d,"profile":{"email":"l%d@gmail.com","jobTitle":"Head of Sales","country":"DE"}}
          {"kind":"lead","eventId":"l%d-a","leadId":"l%d","type":"ACTIVITY","occurredAt":%d,"activity":{"type":"demo_request"}}
          """.formatted(i, i, at, i, i, i, at + 1_000));
    }
    try {
      return EventLog.read(new StringReader(log.toString()), "events.jsonl");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyOutputReachesTheSinkOnTheCallersThread() {
    Thread caller = Thread.currentThread();
    List<Thread> seen = new ArrayList<>();
    SimulationSummary summary;
    try (Simulator simulator = new Simulator(setup(), output -> seen.add(Thread.currentThread()))) {
      summary = simulator.run(log(600));
    }
    assertThat(summary.events(EventKind.LEAD)).isEqualTo(1_200);
    assertThat(summary.outputs("assignment")).isPositive();
    assertThat(seen).hasSize((int) summary.outputs().values().stream().mapToLong(Long::longValue).sum())
        .allMatch(thread -> thread == caller);
  }

  @Test
  void aLogThatFailsWhileBeingReadFailsTheRun() {
    List<SimulationEvent> events = log(600);
    Iterable<SimulationEvent> failing = () -> new Iterator<>() {
      private int read;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public SimulationEvent next() {
        if (read == 700) {
          throw new SimulationInputException("line 701: broken");
        }
        return events.get(read++);
      }
    };
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (Simulator simulator = new Simulator(setup(), output -> { })) {
        assertThatThrownBy(() -> simulator.run(failing)).isInstanceOf(SimulationInputException.class)
            .hasMessage("line 701: broken");
      }
    });
  }

  @Test
  void aSinkThatFailsFailsTheRun() {
    AtomicInteger outputs = new AtomicInteger();
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (Simulator simulator = new Simulator(setup(), output -> {
        if (outputs.incrementAndGet() == 3) {
          throw new IllegalStateException("disk full");
        }
      })) {
        assertThatThrownBy(() -> simulator.run(log(2_000))).isInstanceOf(IllegalStateException.class)
            .hasMessage("disk full");
      }
    });
  }
}
