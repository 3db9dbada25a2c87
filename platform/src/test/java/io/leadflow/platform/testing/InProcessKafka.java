package io.leadflow.platform.testing;

import io.leadflow.platform.kafka.TopicAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka cluster (KRaft) in the test JVM, one per test class:
 * {@code @RegisterExtension static final InProcessKafka KAFKA = InProcessKafka.singleBroker();}.
 * Built on Kafka's own {@link KafkaClusterTestKit}, which can also stop and start single brokers.
 */
public final class InProcessKafka implements BeforeAllCallback, AfterAllCallback {

  private final int brokers;
  private KafkaClusterTestKit cluster;

  private InProcessKafka(int brokers) {
    this.brokers = brokers;
  }

  public static InProcessKafka singleBroker() {
    return new InProcessKafka(1);
  }

  public static InProcessKafka brokers(int count) {
    return new InProcessKafka(count);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    int replication = Math.min(brokers, 3);
    cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(brokers)
        .setNumControllerNodes(1)
        .build())
        .setConfigProp("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024))
        .setConfigProp("offsets.topic.replication.factor", String.valueOf(replication))
        .setConfigProp("offsets.topic.num.partitions", "3")
        .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replication))
        .setConfigProp("transaction.state.log.min.isr", String.valueOf(Math.min(replication, 2)))
        .setConfigProp("transaction.state.log.num.partitions", "3")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** Creates the topics and returns once every partition has a leader. */
  public void createTopics(NewTopic... topics) {
    try (Admin admin = admin()) {
      TopicAdmin.createTopics(admin, List.of(topics), Duration.ofSeconds(30));
    }
  }

  /** The underlying test kit, for tests that stop and start brokers. */
  public KafkaClusterTestKit cluster() {
    return cluster;
  }
}
