package io.leadflow.cli;

import io.leadflow.platform.config.LayeredConfig;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code leadflow topics create}: the one-shot topic set-up that compose and the demo run. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage leadflow's topics.",
    subcommands = TopicsCommand.Create.class)
final class TopicsCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create every leadflow topic that is missing (partitions and replication from topics.*) and wait for leaders.")
  static final class Create implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
      LayeredConfig config = options.load();
      List<NewTopic> created = TopicSetup.createAll(config);
      System.out.printf("%d topics ready on %s%n", created.size(), config.bootstrapServers());
      return 0;
    }
  }
}
