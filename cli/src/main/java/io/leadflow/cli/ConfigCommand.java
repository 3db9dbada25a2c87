package io.leadflow.cli;

import io.leadflow.avro.ConfigDocument;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingRules;
import io.leadflow.routing.RoutingTopology;
import io.leadflow.scoring.ScoringRules;
import io.leadflow.scoring.ScoringTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code leadflow config apply scoring FILE}: validate a rules file and publish it; running services pick it up. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Change configuration without a deploy.",
    subcommands = {ConfigCommand.ApplyScoring.class, ConfigCommand.ApplyRouting.class})
final class ConfigCommand {

  @Command(name = "apply-scoring", mixinStandardHelpOptions = true,
      description = "Validate a scoring rules file (see examples/scoring.yaml) and publish it to scoring-config; "
          + "the scoring stream applies it from the next event on and records its version in every output.")
  static final class ApplyScoring implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;
    @Mixin ConfigOptions options;

    @Override
    public Integer call() throws Exception {
      LayeredConfig config = options.load();
      byte[] yaml = Files.readAllBytes(file);
      ScoringRules rules = ScoringRules.parse(yaml, file.toString()); // fails with file, line and rule
      ConfigDocument document = ConfigDocument.newBuilder()
          .setName(ScoringTopology.RULES_DOCUMENT)
          .setVersion(rules.version())
          .setYaml(new String(yaml, StandardCharsets.UTF_8))
          .setAppliedAt(Instant.now())
          .setAppliedBy(System.getProperty("user.name"))
          .build();
      try (RecordPublisher publisher = new RecordPublisher(config)) {
        publisher.send(Topics.SCORING_CONFIG, ScoringTopology.RULES_DOCUMENT, document, System.currentTimeMillis());
        publisher.flush();
      }
      System.out.printf("scoring rules version %s published to %s%n", rules.version(), Topics.SCORING_CONFIG.name());
      return 0;
    }
  }

  @Command(name = "apply-routing", mixinStandardHelpOptions = true,
      description = "Validate a routing rules file (see examples/routing.yaml) and publish it to routing-config; "
          + "the routing stream applies it from the next decision on and records its version in every decision.")
  static final class ApplyRouting implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;
    @Mixin ConfigOptions options;

    @Override
    public Integer call() throws Exception {
      LayeredConfig config = options.load();
      byte[] yaml = Files.readAllBytes(file);
      RoutingRules rules = RoutingRules.parse(yaml, file.toString()); // fails with file, line and field
      ConfigDocument document = ConfigDocument.newBuilder()
          .setName(RoutingTopology.RULES_DOCUMENT)
          .setVersion(rules.version())
          .setYaml(new String(yaml, StandardCharsets.UTF_8))
          .setAppliedAt(Instant.now())
          .setAppliedBy(System.getProperty("user.name"))
          .build();
      try (RecordPublisher publisher = new RecordPublisher(config)) {
        publisher.send(Topics.ROUTING_CONFIG, RoutingTopology.RULES_DOCUMENT, document, System.currentTimeMillis());
        publisher.flush();
      }
      System.out.printf("routing rules version %s published to %s%n", rules.version(), Topics.ROUTING_CONFIG.name());
      return 0;
    }
  }
}
