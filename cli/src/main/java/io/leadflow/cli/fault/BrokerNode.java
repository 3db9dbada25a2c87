package io.leadflow.cli.fault;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One node (broker + controller, KRaft) of the fault test's three-node cluster, in its own JVM so that a hard bounce
 * is a real {@code kill -9}. SIGTERM runs Kafka's controlled shutdown from the shutdown hook, like {@code kafka-server-stop.sh}.
 *
 * <p>Arguments: {@code NODE_ID CLUSTER_ID DATA_DIR CLIENT_PORT QUORUM_VOTERS} where the voters are
 * {@code id@127.0.0.1:controllerPort,...}; this node's controller port is read from its own entry.
 */
public final class BrokerNode {

  static final String READY = "leadflow-fault-broker-ready";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private BrokerNode() {}

  public static void main(String[] args) throws Exception {
    int nodeId = Integer.parseInt(args[0]);
    String clusterId = args[1];
    Path dataDir = Path.of(args[2]);
    int clientPort = Integer.parseInt(args[3]);
    String voters = args[4];
    int controllerPort = controllerPort(voters, nodeId);
    Properties props = properties(nodeId, dataDir, clientPort, controllerPort, voters);
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      Files.createDirectories(dataDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(dataDir.toString()))
          .setMetadataLogDirectory(dataDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .run();
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      server.awaitShutdown();
      stopped.countDown();
    }, "broker-node-shutdown"));
    server.startup();
    System.out.println(READY + " node " + nodeId + " on 127.0.0.1:" + clientPort);
    System.out.flush();
    stopped.await();
  }

  private static int controllerPort(String voters, int nodeId) {
    for (String voter : voters.split(",")) {
      String[] idAndAddress = voter.split("@");
      if (Integer.parseInt(idAndAddress[0]) == nodeId) {
        return Integer.parseInt(idAndAddress[1].substring(idAndAddress[1].lastIndexOf(':') + 1));
      }
    }
    throw new IllegalArgumentException("node " + nodeId + " is not among the voters " + voters);
  }

  static Properties properties(int nodeId, Path dataDir, int clientPort, int controllerPort, String voters) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(nodeId));
    props.put("controller.quorum.voters", voters);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dataDir.toString());
    // What production runs: three replicas, two must acknowledge, no unclean elections.
    props.put("default.replication.factor", "3");
    props.put("min.insync.replicas", "2");
    props.put("unclean.leader.election.enable", "false");
    props.put("offsets.topic.replication.factor", "3");
    props.put("offsets.topic.num.partitions", "6");
    props.put("transaction.state.log.replication.factor", "3");
    props.put("transaction.state.log.min.isr", "2");
    props.put("transaction.state.log.num.partitions", "6");
    props.put("share.coordinator.state.topic.replication.factor", "3");
    props.put("share.coordinator.state.topic.min.isr", "2");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    // The default 128 MiB dedupe buffer is allocated up front; three brokers share two cores and the heap is small.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    // A restarted node is refused (duplicate registration) until its old session expires: keep that short.
    props.put("broker.heartbeat.interval.ms", "500");
    props.put("broker.session.timeout.ms", "4000");
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("num.replica.fetchers", "1");
    return props;
  }
}
