package io.leadflow.cli;

import io.leadflow.cli.demo.DemoRun;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.ManagementSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadflow demo}: the whole pipeline in one JVM on an in-process broker, with synthetic leads. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline in one JVM on an in-process broker (or --bootstrap-servers): create the "
        + "topics, load the example team and companies, publish synthetic leads, print each assignment as it happens "
        + "and a summary at the end. Ctrl-C stops everything cleanly.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to publish leads (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--rate", defaultValue = "10", description = "New leads per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic traffic (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--examples", defaultValue = "examples", paramLabel = "DIR",
      description = "Folder with reps.yaml, companies.csv and accounts.csv (default: ${DEFAULT-VALUE}).")
  Path examples;

  @Option(names = "--quiet", description = "Print only the summary, not every assignment.")
  boolean quiet;

  @Option(names = "--management-port", paramLabel = "PORT",
      description = "Port of /metrics, /health/live and /health/ready for all services of the demo (default: 8080, or a "
          + "free port if 8080 is taken; 0 = any free port; off = none).")
  String managementPort;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    if (rate <= 0) {
      throw new ConfigException("--rate must be positive, got " + rate);
    }
    LayeredConfig config = options.load();
    if (managementPort != null) {
      config = config.with(ManagementSettings.PORT, managementPort);
    }
    return new DemoRun(config, !options.hasBootstrapServers(), examples, duration, rate, seed, quiet, System.out).call();
  }
}
