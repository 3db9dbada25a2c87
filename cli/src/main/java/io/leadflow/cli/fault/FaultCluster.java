package io.leadflow.cli.fault;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * Three KRaft nodes (each broker and controller) in child JVMs on loopback ports that stay the same across restarts.
 * Bounces are real: a clean one is SIGTERM (controlled shutdown), a hard one {@code kill -9}.
 */
final class FaultCluster implements AutoCloseable {

  static final int NODES = 3;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final Map<Integer, ChildJvm> nodes = new TreeMap<>();
  private final Map<Integer, Integer> clientPorts = new TreeMap<>();
  private final String bootstrapServers;
  private Admin admin;

  FaultCluster(Path workDir, Path logDir) throws IOException {
    String clusterId = Uuid.randomUuid().toString();
    List<String> voters = new ArrayList<>();
    Map<Integer, Integer> controllerPorts = new TreeMap<>();
    for (int id = 1; id <= NODES; id++) {
      clientPorts.put(id, freePort());
      controllerPorts.put(id, freePort());
      voters.add(id + "@127.0.0.1:" + controllerPorts.get(id));
    }
    for (int id = 1; id <= NODES; id++) {
      nodes.put(id, new ChildJvm("broker-" + id,
          List.of("-Xms256m", "-Xmx640m", "-XX:+UseSerialGC", "-XX:CICompilerCount=2", "-Djava.awt.headless=true"),
          BrokerNode.class.getName(),
          List.of(String.valueOf(id), clusterId, workDir.resolve("broker-" + id).toString(),
              String.valueOf(clientPorts.get(id)), String.join(",", voters)),
          Map.of(), logDir));
    }
    bootstrapServers = clientPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  void start() throws Exception {
    nodes.values().forEach(ChildJvm::start);
    for (ChildJvm node : nodes.values()) {
      node.awaitLine(BrokerNode.READY, START_TIMEOUT);
    }
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    awaitBrokers(NODES, START_TIMEOUT);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  Admin admin() {
    return admin;
  }

  Collection<ChildJvm> processes() {
    return nodes.values();
  }

  /** The leader of one partition, e.g. of a hot topic. */
  int leaderOf(String topic, int partition) throws Exception {
    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    return description.partitions().get(partition).leader().id();
  }

  /** The active controller: the leader of the KRaft metadata quorum. */
  int activeController() throws Exception {
    return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
  }

  /**
   * Stops a node (clean: controlled shutdown; hard: kill -9), starts it again and waits until it is registered; its
   * replicas catch up in the background ({@link #awaitFullIsr} before the next bounce).
   */
  void bounce(int nodeId, boolean hard, Duration down, Duration timeout) throws Exception {
    ChildJvm node = nodes.get(nodeId);
    if (hard) {
      node.kill();
    } else if (!node.stop(Duration.ofSeconds(60))) {
      throw new IllegalStateException("broker " + nodeId + " did not finish its controlled shutdown within 60 s");
    }
    Thread.sleep(down.toMillis());
    node.start();
    node.awaitLine(BrokerNode.READY, START_TIMEOUT);
    awaitBrokers(NODES, timeout);
  }

  private void awaitBrokers(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() >= count) {
          return;
        }
      } catch (Exception e) {
        // a node is still coming up: ask again
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + count + " brokers registered after " + timeout);
      }
      Thread.sleep(250);
    }
  }

  /** Every partition of every topic (internal ones too) has all its replicas in sync again. */
  void awaitFullIsr(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lagging = "";
    while (System.nanoTime() < deadline) {
      try {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS);
        lagging = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
            .flatMap(t -> t.partitions().stream()
                .filter(p -> p.leader() == null || p.isr().size() < p.replicas().size())
                .map(p -> t.name() + "-" + p.partition()))
            .limit(5).collect(Collectors.joining(", "));
        if (lagging.isEmpty()) {
          return;
        }
      } catch (Exception e) {
        lagging = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("replicas still out of sync after " + timeout + ": " + lagging);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    // Brokers go down together at the end: no controlled shutdown (it would wait for a quorum that is leaving).
    for (ChildJvm node : nodes.values()) {
      if (node.alive()) {
        node.kill();
      }
    }
  }
}
