package io.leadflow.cli;

import io.leadflow.ops.simulate.EventLog;
import io.leadflow.ops.simulate.OutputWriter;
import io.leadflow.ops.simulate.SimulationEvent;
import io.leadflow.ops.simulate.SimulationSetup;
import io.leadflow.ops.simulate.SimulationSummary;
import io.leadflow.ops.simulate.Simulator;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leadflow simulate}: the real topologies over an event log, offline and deterministic (docs/SIMULATE.md). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run the real enrichment, scoring and routing topologies offline, in stream time, over a JSON Lines "
        + "event log and a config folder; write assignments, stage changes, pool events and alerts as JSON Lines "
        + "(docs/SIMULATE.md). The same input gives byte-identical output.")
public final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--events", required = true, paramLabel = "FILE", description = "Event log, JSON Lines.")
  Path events;

  @Option(names = "--config", required = true, paramLabel = "DIR",
      description = "Config folder: leadflow.yaml, scoring.yaml, routing.yaml, reps.yaml, companies.csv, accounts.csv.")
  Path config;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output, JSON Lines.")
  Path out;

  @Option(names = "--summary", description = "Append the summary to the output as its last line and print it.")
  boolean summary;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter terminal = spec.commandLine().getOut();
    SimulationSetup setup = SimulationFolder.load(config);
    List<SimulationEvent> log = EventLog.read(events);
    long started = System.nanoTime();
    SimulationSummary result;
    try (BufferedWriter file = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
         OutputWriter writer = new OutputWriter(file);
         Simulator simulator = new Simulator(setup, writer)) {
      result = simulator.run(log);
      if (summary) {
        writer.summary(result);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    terminal.printf(Locale.ROOT, "%d events → %d assignments, %d stage changes, %d alerts, %d pool events, %d dead letters "
            + "in %.1f s (%,.0f events/s); output: %s%n", log.size(), result.outputs("assignment"),
        result.outputs("stage-change"), result.outputs("alert"), result.outputs("pool-event"),
        result.outputs("dead-letter"), seconds, log.size() / Math.max(seconds, 1e-9), out);
    if (summary) {
      print(terminal, result);
    }
    return 0;
  }

  static void print(PrintWriter terminal, SimulationSummary s) {
    terminal.printf("events:  %s%n", s.events());
    if (!s.unread().isEmpty()) {
      terminal.printf("unread:  %s (no topology reads these yet)%n", s.unread());
    }
    terminal.printf("outputs: %s%n", s.outputs());
    terminal.printf("leads:   %d seen, %d assigned%n", s.leads(), s.leadsAssigned());
    for (Map.Entry<String, Long> rep : s.assignmentsPerRep().entrySet()) {
      terminal.printf("  %-20s %6d%n", rep.getKey(), rep.getValue());
    }
    if (s.firstEventAt() != null) {
      terminal.printf("events from %s to %s%n", s.firstEventAt(), s.lastEventAt());
    }
  }
}
