package io.leadflow.cli;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.Service;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leadflow run SERVICE}: one service against a cluster, the way compose runs it. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run one service against a Kafka cluster until stopped (Ctrl-C or SIGTERM).")
final class RunCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SERVICE", completionCandidates = Services.Names.class,
      description = "One of: ${COMPLETION-CANDIDATES}.")
  String service;

  @Option(names = "--create-topics", description = "Create missing topics first.")
  boolean createTopics;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws InterruptedException {
    LayeredConfig config = options.load();
    Services which = Services.named(service);
    if (createTopics) {
      TopicSetup.createAll(config);
    }
    Service running = which.create(config);
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "leadflow-shutdown"));
    running.start(Duration.ofMinutes(2));
    try {
      running.stopped().get();
      return 0;
    } catch (ExecutionException e) {
      // Died on its own: exit non-zero so that the supervisor (compose, Kubernetes) restarts it.
      System.err.println("leadflow: " + which.serviceName() + " failed: " + e.getCause().getMessage());
      running.close();
      return 1;
    }
  }
}
