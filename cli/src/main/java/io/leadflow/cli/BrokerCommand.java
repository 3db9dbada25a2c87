package io.leadflow.cli;

import io.leadflow.platform.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadflow broker}: a single-node KRaft broker in this JVM, for local development. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a single-node Kafka broker (KRaft, in-process) on 127.0.0.1 for local development, create "
        + "the leadflow topics, and keep running until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the broker's log here across restarts (default: a temporary folder removed on exit).")
  Path dataDir;

  @Option(names = "--no-topics", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Create the leadflow topics on start (default: on; --no-topics to skip).")
  boolean createTopics;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "leadflow-broker-shutdown"));
    if (createTopics) {
      TopicSetup.createAll(options.load().with("kafka.bootstrap.servers", broker.bootstrapServers()));
    }
    System.out.printf("Kafka broker listening on %s (Ctrl-C to stop)%n", broker.bootstrapServers());
    stopped.await();
    return 0;
  }
}
