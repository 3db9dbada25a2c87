package io.leadflow.cli;

import io.leadflow.cli.fault.FaultRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadflow fault-test}: exactly-once through kills and broker bounces, proven by a verifier (docs/RELIABILITY.md). */
@Command(name = "fault-test", mixinStandardHelpOptions = true,
    description = {"Run the pipeline on a 3-broker cluster (child JVMs, replication 3, min ISR 2) with its services as "
        + "child JVMs, apply hard kills, clean restarts and broker bounces while a seeded workload flows, then verify "
        + "with read_committed: one assignment per routed lead, no duplicates, scores equal a recomputation, no hung "
        + "transaction, no secret in any log. Exits 0 when everything holds, 1 otherwise."})
final class FaultTestCommand implements Callable<Integer> {

  @Option(names = "--leads", defaultValue = "100000", description = "Leads (each 1 profile + 8–12 activities; default ${DEFAULT-VALUE}).")
  int leads;

  @Option(names = "--kills", defaultValue = "5", description = "Hard kills (kill -9) of service instances (default ${DEFAULT-VALUE}).")
  int kills;

  @Option(names = "--restarts", defaultValue = "5", description = "Clean restarts (SIGTERM) of service instances (default ${DEFAULT-VALUE}).")
  int restarts;

  @Option(names = "--bounces", defaultValue = "5", description = "Broker bounces, alternately hard and clean, partition leader and controller (default ${DEFAULT-VALUE}).")
  int bounces;

  @Option(names = "--instances", defaultValue = "2", description = "Instances per stream service (default ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--seed", defaultValue = "9", description = "Workload seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--rate", defaultValue = "400", description = "Leads published per second, 0 = unlimited (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Broker data, state and logs (default: a temporary folder).")
  Path workDir;

  @Option(names = "--keep", description = "Keep the work directory (logs, data) after the run.")
  boolean keep;

  @Option(names = "--timeout", defaultValue = "60m", converter = DurationConverter.class,
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    FaultRun.Report report = new FaultRun(new FaultRun.Settings(leads, kills, restarts, bounces, instances, seed, rate,
        workDir, keep, timeout), System.out).run();
    System.out.println();
    report.faultLog().forEach(line -> System.out.println("  " + line));
    System.out.println(report.summary());
    return report.passed() ? 0 : 1;
  }
}
