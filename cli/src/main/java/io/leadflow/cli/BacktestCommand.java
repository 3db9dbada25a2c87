package io.leadflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadflow.ops.backtest.Backtest;
import io.leadflow.ops.backtest.BacktestTable;
import io.leadflow.ops.backtest.PolicyResult;
import io.leadflow.ops.simulate.EventLog;
import io.leadflow.ops.simulate.SimulationEvent;
import io.leadflow.ops.simulate.SimulationSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leadflow backtest}: one event log under the current config and candidates, side by side (docs/SIMULATE.md). */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Replay one event log through the real topologies under the current config folder and each "
        + "candidate folder; compare leads per rep, share against target, Gini, spread within weight tiers, cap and "
        + "availability violations, time to assignment and expected opportunities (docs/SIMULATE.md).")
public final class BacktestCommand implements Callable<Integer> {

  @Option(names = "--events", required = true, paramLabel = "FILE", description = "Event log, JSON Lines.")
  Path events;

  @Option(names = "--config", required = true, paramLabel = "DIR", description = "The current config folder.")
  Path config;

  @Option(names = "--candidate", required = true, paramLabel = "DIR",
      description = "A candidate config folder; only the files it changes (repeat for more candidates).")
  List<Path> candidates;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Spec CommandSpec spec;

  private Map<String, Object> document(List<PolicyResult> results) {
    Map<String, Object> document = new java.util.LinkedHashMap<>();
    document.put("events", events.toString());
    document.put("policies", results);
    return document;
  }

  @Override
  public Integer call() throws Exception {
    List<SimulationSetup> policies = new ArrayList<>();
    policies.add(SimulationFolder.load("current", config, null));
    for (Path candidate : candidates) {
      String name = candidate.getFileName() == null ? candidate.toString() : candidate.getFileName().toString();
      policies.add(SimulationFolder.load(name, candidate, config));
    }
    List<SimulationEvent> log = EventLog.read(events);
    List<PolicyResult> results = Backtest.run(log, policies);
    BacktestTable.print(results, spec.commandLine().getOut());
    if (json != null) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), document(results));
      spec.commandLine().getOut().println("JSON: " + json);
    }
    return 0;
  }
}
