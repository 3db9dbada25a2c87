package io.leadflow.cli;

import io.leadflow.cli.logging.LogFormat;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.Management;
import io.leadflow.platform.observability.ManagementSettings;
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

  @Option(names = "--management-port", paramLabel = "PORT",
      description = "Port of /metrics, /health/live and /health/ready (default: management.port, 8080; 0 = any free "
          + "port; off = none).")
  String managementPort;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws InterruptedException {
    LayeredConfig config = options.load();
    if (managementPort != null) {
      config = config.with(ManagementSettings.PORT, managementPort);
    }
    LogFormat.apply(config);
    Services which = Services.named(service);
    if (createTopics) {
      TopicSetup.createAll(config);
    }
    // Endpoints first: liveness answers while the service restores its state, readiness says it is not ready yet.
    Management management = Management.start(config);
    management.uri().ifPresent(uri -> System.err.println("leadflow: " + which.serviceName() + " metrics and health on "
        + uri + "/metrics, /health/live, /health/ready"));
    Service running = which.create(config, management);
    management.register(running);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      management.close();
    }, "leadflow-shutdown"));
    running.start(Duration.ofMinutes(2));
    try {
      running.stopped().get();
      return 0;
    } catch (ExecutionException e) {
      // Died on its own: exit non-zero so that the supervisor (compose, Kubernetes) restarts it.
      System.err.println("leadflow: " + which.serviceName() + " failed: " + e.getCause().getMessage());
      running.close();
      management.close();
      return 1;
    }
  }
}
