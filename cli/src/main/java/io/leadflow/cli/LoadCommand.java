package io.leadflow.cli;

import io.leadflow.cli.data.CompanyData;
import io.leadflow.cli.data.RepsFile;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code leadflow load companies|accounts|reps FILE}: validate a whole file, then publish it to its compacted topic. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Validate a data file (every row; errors name file, line and field) and publish it to its compacted topic.",
    subcommands = {LoadCommand.Companies.class, LoadCommand.Accounts.class, LoadCommand.Reps.class})
final class LoadCommand {

  /** Files at least this long show a progress bar while publishing. */
  private static final int PROGRESS_BAR_FROM = 1_000;

  @Command(name = "companies", mixinStandardHelpOptions = true,
      description = "Company profiles (CSV with a header row, or JSON Lines): domain, name, industry, employeeCount, "
          + "annualRevenue, country, region, state. Published to company-profiles, keyed by normalized domain.")
  static final class Companies extends LoadFile {
    @Override
    void load(LayeredConfig config) {
      publish(config, Topics.COMPANY_PROFILES, CompanyData.companies(file, Instant.now()), c -> c.getDomain(), file);
    }
  }

  @Command(name = "accounts", mixinStandardHelpOptions = true,
      description = "Existing customers and named accounts (CSV or JSON Lines): accountId, domain, name, "
          + "type (CUSTOMER or NAMED), ownerRepId, strategic. Published to accounts, keyed by normalized domain.")
  static final class Accounts extends LoadFile {
    @Override
    void load(LayeredConfig config) {
      publish(config, Topics.ACCOUNTS, CompanyData.accounts(file, Instant.now()), a -> a.getDomain(), file);
    }
  }

  @Command(name = "reps", mixinStandardHelpOptions = true,
      description = "The sales team (YAML, see examples/reps.yaml). Published to reps, keyed by rep id.")
  static final class Reps extends LoadFile {
    @Override
    void load(LayeredConfig config) {
      publish(config, Topics.REPS, RepsFile.read(file), r -> r.getRepId(), file);
    }
  }

  /** One data file for one topic; the subcommands differ only in how they read it and where it goes. */
  abstract static class LoadFile implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;
    @Mixin ConfigOptions options;

    abstract void load(LayeredConfig config);

    @Override
    public Integer call() {
      load(options.load());
      return 0;
    }
  }

  private static <V> void publish(LayeredConfig config, TopicSpec<String, V> topic, List<V> records,
      Function<V, String> key, Path file) {
    long now = System.currentTimeMillis();
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      if (records.size() >= PROGRESS_BAR_FROM) {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(topic.name()).setInitialMax(records.size())
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
          for (V record : records) {
            publisher.send(topic, key.apply(record), record, now);
            bar.step();
          }
        }
      } else {
        records.forEach(record -> publisher.send(topic, key.apply(record), record, now));
      }
      publisher.flush();
    }
    System.out.printf("published %d records from %s to %s%n", records.size(), file, topic.name());
  }
}
