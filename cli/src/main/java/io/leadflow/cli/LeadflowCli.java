package io.leadflow.cli;

import io.leadflow.platform.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leadflow} command. */
@Command(name = "leadflow", mixinStandardHelpOptions = true, versionProvider = LeadflowCli.Version.class,
    description = "Event-driven lead scoring and routing on Kafka Streams.",
    subcommands = {DemoCommand.class, BrokerCommand.class, RunCommand.class, TopicsCommand.class, LoadCommand.class, ConfigCommand.class, BenchCommand.class,
        ResetCommand.class, RecalibrateCommand.class, RepsCommand.class, ReportCommand.class, ExplainCommand.class,
        PoolCli.class, HealthCommand.class, SimulateCommand.class, BacktestCommand.class, FaultTestCommand.class,
        CommandLine.HelpCommand.class})
public final class LeadflowCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LeadflowCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException || e instanceof io.leadflow.ops.simulate.SimulationInputException) {
        commandLine.getErr().println("leadflow: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = LeadflowCli.class.getPackage().getImplementationVersion();
      return new String[] {"leadflow " + (version == null ? "development build" : version)};
    }
  }
}
