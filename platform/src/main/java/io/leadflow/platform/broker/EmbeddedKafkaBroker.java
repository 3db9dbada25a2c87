package io.leadflow.platform.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) inside this JVM, listening on
 * 127.0.0.1 only: the demo's and {@code leadflow broker}'s cluster.
 *
 * <p>Uses Kafka's internal server classes ({@link KafkaRaftServer}, {@link Formatter}), which is why the parent
 * POM pins one Kafka version for everything.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final int NODE_ID = 1;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteDataOnClose;
  private boolean closed;

  /** The SASL_PLAINTEXT listener's address, when the broker has one. */
  private String saslBootstrapServers;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteDataOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteDataOnClose = deleteDataOnClose;
  }

  /** A broker on a free port with a temporary log directory that is removed on close. */
  public static EmbeddedKafkaBroker start() {
    return start(0, null);
  }

  /**
   * @param port the client port, or 0 for any free one
   * @param dataDir where the log lives across restarts, or null for a temporary directory removed on close
   */
  public static EmbeddedKafkaBroker start(int port, Path dataDir) {
    return start(port, dataDir, Map.of());
  }

  /**
   * A broker with a second client listener, SASL_PLAINTEXT with mechanism PLAIN, that admits the given users
   * (name → password); the PLAINTEXT listener stays for the broker's own use. For tests that prove clients pass SASL
   * settings through (docs/SECURITY.md); not a production security set-up (no TLS, no ACLs).
   */
  public static EmbeddedKafkaBroker startWithSaslPlain(Map<String, String> users) {
    if (users.isEmpty()) {
      throw new IllegalArgumentException("a SASL listener needs at least one user");
    }
    return start(0, null, users);
  }

  private static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> saslUsers) {
    try {
      boolean temporary = dataDir == null;
      Path logDir = temporary ? Files.createTempDirectory("leadflow-kafka") : Files.createDirectories(dataDir);
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Properties props = brokerProperties(logDir, clientPort, controllerPort);
      int saslPort = saslUsers.isEmpty() ? 0 : freePort();
      if (saslPort != 0) {
        addSaslListener(props, saslPort, saslUsers);
      }
      KafkaConfig config = new KafkaConfig(props, false);
      formatIfNew(logDir);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, "127.0.0.1:" + clientPort, logDir, temporary);
      broker.saslBootstrapServers = saslPort == 0 ? null : "127.0.0.1:" + saslPort;
      try {
        server.startup();
        broker.awaitReady(Duration.ofSeconds(60));
      } catch (RuntimeException e) {
        broker.close(); // releases the ports and the temporary directory
        throw e;
      }
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the embedded broker's log directory", e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The SASL_PLAINTEXT (PLAIN) listener of {@link #startWithSaslPlain}; clients need SASL settings for it. */
  public String saslBootstrapServers() {
    if (saslBootstrapServers == null) {
      throw new IllegalStateException("this broker has no SASL listener (use startWithSaslPlain)");
    }
    return saslBootstrapServers;
  }

  private static void addSaslListener(Properties props, int saslPort, Map<String, String> users) {
    props.put("listeners", props.getProperty("listeners") + ",SASL://127.0.0.1:" + saslPort);
    props.put("advertised.listeners", props.getProperty("advertised.listeners") + ",SASL://127.0.0.1:" + saslPort);
    props.put("listener.security.protocol.map", props.getProperty("listener.security.protocol.map") + ",SASL:SASL_PLAINTEXT");
    props.put("sasl.enabled.mechanisms", "PLAIN");
    StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
    users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
    props.put("listener.name.sasl.plain.sasl.jaas.config", jaas.append(';').toString());
  }

  private static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    // One node: internal topics cannot have more replicas than that.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "3");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // The default 128 MiB dedupe buffer would take that much heap for compacted topics.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    // leadflow creates its topics explicitly; a typo should fail, not create a topic.
    props.put("auto.create.topics.enable", "false");
    return props;
  }

  private static void formatIfNew(Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the embedded broker's log directory " + logDir, e);
    }
  }

  private void awaitReady(Duration timeout) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("embedded broker on " + bootstrapServers + " did not become ready within " + timeout, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    if (deleteDataOnClose) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // A leftover temporary directory is harmless.
      }
    }
  }
}
