package io.leadflow.cli;

import io.leadflow.ops.reset.ServiceReset;
import io.leadflow.platform.config.LayeredConfig;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leadflow reset SERVICE [--to TIME]}: reprocess from a point in time with Kafka's application reset tool. */
@Command(name = "reset", mixinStandardHelpOptions = true,
    description = "Make a stopped service reprocess its input from a point in time (default: the beginning), with "
        + "Kafka's own application reset tool: input offsets move back, internal topics (changelogs, repartitions) "
        + "are deleted, and the local state directory is removed. Output topics are not touched: downstream "
        + "consumers see the reprocessed records again.")
final class ResetCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SERVICE", completionCandidates = Services.Names.class,
      description = "enrichment-stream, scoring-stream, routing-stream or notification-sink")
  String service;

  @Option(names = "--to", paramLabel = "TIME", description = "Reprocess from this instant, e.g. 2026-11-01T00:00:00Z.")
  Instant to;

  @Option(names = "--dry-run", description = "Show what would be reset; change nothing.")
  boolean dryRun;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    LayeredConfig config = options.load();
    ServiceReset.Plan plan = ServiceReset.plan(config, service);
    return ServiceReset.reset(config, plan, Optional.ofNullable(to), dryRun, System.out);
  }
}
