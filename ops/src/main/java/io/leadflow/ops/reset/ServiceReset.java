package io.leadflow.ops.reset;

import io.leadflow.enrichment.EnrichmentConfig;
import io.leadflow.enrichment.EnrichmentTopology;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingConfig;
import io.leadflow.routing.RoutingTopology;
import io.leadflow.scoring.ScoringConfig;
import io.leadflow.scoring.ScoringTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.tools.StreamsResetter;

/**
 * Makes a service reprocess its input from a point in time with Kafka's own application reset tool
 * ({@link StreamsResetter}): input topic offsets go back to the time (or the beginning), internal topics
 * (changelogs, repartitions) are deleted, and the service's local state directory is removed. The input topics are
 * read off the service's real topology, so the list cannot drift from the code. The service must be stopped.
 */
public final class ServiceReset {

  private static final DateTimeFormatter RESETTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
      .withZone(ZoneOffset.UTC);

  private ServiceReset() {}

  /** What a reset of {@code service} touches. */
  public record Plan(String applicationId, List<String> inputTopics, Path stateDirectory) {}

  public static Plan plan(LayeredConfig config, String service) {
    return switch (service) {
      case "enrichment-stream" -> streamsPlan(config, config.string("enrichment.application-id"),
          EnrichmentTopology.build(EnrichmentConfig.from(config)));
      case "scoring-stream" -> streamsPlan(config, config.string("scoring.application-id"),
          ScoringTopology.build(ScoringConfig.from(config)));
      case "routing-stream" -> streamsPlan(config, config.string("routing.application-id"),
          RoutingTopology.build(RoutingConfig.from(config)));
      // A plain consumer group: the same tool moves its offsets; it has no internal topics or state.
      case "notification-sink" -> new Plan(config.string("sink.group-id"),
          List.of(Topics.REP_ALERTS.name(), Topics.NOTIFICATION_RETRIES.name()), null);
      default -> throw new ConfigException("unknown service '" + service
          + "'; one of enrichment-stream, scoring-stream, routing-stream, notification-sink");
    };
  }

  /** Source topics of the stream sub-topologies; global tables are re-read on every start and are left alone. */
  private static Plan streamsPlan(LayeredConfig config, String applicationId, Topology topology) {
    TreeSet<String> inputs = new TreeSet<>();
    for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          source.topicSet().stream().filter(topic -> !topic.startsWith(applicationId + "-")).forEach(inputs::add);
        }
      }
    }
    inputs.removeIf(topic -> topic.endsWith("-repartition"));
    return new Plan(applicationId, List.copyOf(inputs),
        Path.of(config.string("streams.state-dir")).resolve(applicationId));
  }

  /**
   * Runs the reset. {@code toTime} empty means from the beginning.
   *
   * @return the reset tool's exit code, 0 on success
   */
  public static int reset(LayeredConfig config, Plan plan, Optional<Instant> toTime, boolean dryRun, PrintStream out) {
    List<String> args = new ArrayList<>(List.of("--bootstrap-server", config.bootstrapServers(),
        "--application-id", plan.applicationId(), "--input-topics", String.join(",", plan.inputTopics())));
    toTime.ifPresentOrElse(time -> args.addAll(List.of("--to-datetime", RESETTER_TIME.format(time))),
        () -> args.add("--to-earliest"));
    if (dryRun) {
      args.add("--dry-run");
    }
    Properties clientSettings = new Properties();
    Map<String, Object> kafka = config.kafkaClientProperties();
    kafka.forEach((key, value) -> clientSettings.put(key, String.valueOf(value)));
    out.printf("resetting %s: input topics %s to %s%s%n", plan.applicationId(), plan.inputTopics(),
        toTime.map(Instant::toString).orElse("the beginning"), dryRun ? " (dry run)" : "");
    int exit = new StreamsResetter().execute(args.toArray(String[]::new), clientSettings);
    if (exit == 0 && !dryRun && plan.stateDirectory() != null) {
      deleteRecursively(plan.stateDirectory());
      out.printf("local state %s removed; start the service to reprocess%n", plan.stateDirectory());
    }
    return exit;
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove local state " + directory, e);
    }
  }
}
