package io.leadflow.platform.testing;

import io.leadflow.platform.kafka.TopicAdmin;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A real Kafka cluster (KRaft) in this JVM, one per test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final InProcessKafka KAFKA = InProcessKafka.singleBroker();
 * }</pre>
 *
 * {@link #brokers(int)} starts several brokers plus a dedicated controller, so any broker can be stopped
 * and restarted ({@link #stopBroker}, {@link #startBroker}) without losing the metadata quorum. Built on
 * Kafka's {@link KafkaClusterTestKit}, an internal API: the Kafka version is pinned in the parent pom.
 */
public final class InProcessKafka implements BeforeAllCallback, AfterAllCallback {

  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final int brokerCount;
  private final short replicationFactor;

  private Class<?> ownerClass;
  private KafkaClusterTestKit cluster;
  private String bootstrapServers;
  private Admin admin;
  private Path stateDirs;

  private InProcessKafka(int brokerCount) {
    if (brokerCount < 1) {
      throw new IllegalArgumentException("brokerCount must be at least 1, was " + brokerCount);
    }
    this.brokerCount = brokerCount;
    this.replicationFactor = (short) Math.min(3, brokerCount);
  }

  public static InProcessKafka singleBroker() {
    return new InProcessKafka(1);
  }

  public static InProcessKafka brokers(int count) {
    return new InProcessKafka(count);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    // @Nested classes inherit the extension and call beforeAll again: they share the outer class's cluster.
    if (cluster != null) {
      return;
    }
    ownerClass = context.getRequiredTestClass();
    stateDirs = Files.createTempDirectory("leadflow-streams-state-");
    cluster = startCluster();
    // Cached: the test kit derives it from live brokers, which fails while one is stopped.
    bootstrapServers = cluster.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (context.getRequiredTestClass() != ownerClass) {
      return;
    }
    KafkaClusterTestKit closingCluster = cluster;
    Admin closingAdmin = admin;
    cluster = null;
    admin = null;
    // JUnit runs afterAll even when beforeAll failed half-way: close whatever was started.
    try (closingCluster; closingAdmin) {
      if (stateDirs != null) {
        Utils.delete(stateDirs.toFile());
      }
    }
  }

  private KafkaClusterTestKit startCluster() throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
        .setCombined(brokerCount == 1)
        .setNumControllerNodes(1)
        .setNumBrokerNodes(brokerCount)
        .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
        // The default (128 MiB) is allocated up front per broker.
        .setConfigProp("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024))
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // Internal topics default to replication 3 / min ISR 2: size them to the cluster so that
        // groups and transactions work with one broker and survive one stopped broker with three.
        .setConfigProp("offsets.topic.replication.factor", String.valueOf(replicationFactor))
        .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replicationFactor))
        .setConfigProp("transaction.state.log.min.isr", String.valueOf(minInSyncReplicas()))
        .setConfigProp("share.coordinator.state.topic.replication.factor", String.valueOf(replicationFactor))
        .setConfigProp("share.coordinator.state.topic.min.isr", String.valueOf(minInSyncReplicas()))
        // A restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until its previous session
        // expires (default 9 s), and a controlled shutdown waits for a heartbeat (default every 2 s).
        .setConfigProp("broker.heartbeat.interval.ms", "500")
        .setConfigProp("broker.session.timeout.ms", "3000")
        // The test kit turns unreleased protocol versions on by default; test what production runs.
        .setConfigProp("unstable.api.versions.enable", "false")
        .setConfigProp("unstable.feature.versions.enable", "false");
    KafkaClusterTestKit started = builder.build();
    try {
      started.format();
      started.startup();
      started.waitForReadyBrokers();
      return started;
    } catch (Exception e) {
      started.close();
      throw e;
    }
  }

  /** The test kit bootstraps the newest testing metadata version by default; use the released one. */
  private static BootstrapMetadata productionBootstrapMetadata() {
    MetadataVersion version = MetadataVersion.latestProduction();
    Map<String, Short> featureLevels = Feature.PRODUCTION_FEATURES.stream()
        .collect(Collectors.toMap(Feature::featureName, feature -> feature.defaultLevel(version)));
    return BootstrapMetadata.fromVersions(version, featureLevels, "leadflow-in-process-kafka");
  }

  private int minInSyncReplicas() {
    return Math.max(1, replicationFactor - 1);
  }

  public String bootstrapServers() {
    requireStarted();
    return bootstrapServers;
  }

  /** A shared Admin client, closed with the cluster. */
  public Admin admin() {
    requireStarted();
    return admin;
  }

  /** Replication factor for topics in this cluster: min(3, brokers). Use it for Streams internal topics too. */
  public short replicationFactor() {
    return replicationFactor;
  }

  /** Creates the topics (existing ones are kept) and waits until every partition has a leader. */
  public void createTopics(NewTopic... topics) {
    TopicAdmin.createTopics(admin(), List.of(topics), TOPIC_TIMEOUT);
  }

  /** Producer settings: byte[] serializers, otherwise client defaults (idempotent, acks=all). */
  public Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /** Consumer settings: byte[] deserializers, read_committed, from the earliest offset, no topic auto-creation. */
  public Properties consumerProps(String groupId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // A typo in a topic name should fail the test, not quietly create an empty topic.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return props;
  }

  /**
   * Kafka Streams settings for this cluster: internal topics replicated like {@link #replicationFactor()}
   * (a stopped broker would otherwise stall a changelog) and a fresh state directory deleted with the cluster.
   */
  public Properties streamsProps(String applicationId) {
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(replicationFactor));
    try {
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDirs, applicationId).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }

  /**
   * Reads {@code topic} from the beginning (read_committed, no consumer group) until at least
   * {@code expectedCount} records arrived and the consumer has caught up with the end of every partition,
   * so duplicates beyond the expected count show up in the result. Order is per partition.
   *
   * @throws AssertionError if fewer than {@code expectedCount} records arrive within {@code timeout}
   */
  public <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Deserializer<K> keyDeserializer,
                           Deserializer<V> valueDeserializer, int expectedCount,
                           Duration timeout) {
    Properties props = consumerProps("unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keyDeserializer, valueDeserializer)) {
      List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (true) {
        consumer.poll(POLL_INTERVAL).records(topic).forEach(records::add);
        if (records.size() >= expectedCount && caughtUp(consumer, partitions)) {
          return records;
        }
        if (System.nanoTime() - deadline >= 0) {
          throw new AssertionError("Expected at least " + expectedCount + " records in '" + topic
              + "' within " + timeout + " but read " + records.size());
        }
      }
    }
  }

  private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic,
                            long deadline, Duration timeout) {
    while (true) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, POLL_INTERVAL);
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // A metadata round trip slower than the poll interval (a loaded machine) is not a missing topic: ask again.
        infos = List.of();
      }
      if (!infos.isEmpty()) {
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("Topic '" + topic + "' does not exist after " + timeout);
      }
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
    return partitions.stream().allMatch(partition -> consumer.position(partition) >= endOffsets.get(partition));
  }

  public SortedSet<Integer> brokerIds() {
    requireStarted();
    return new TreeSet<>(cluster.brokers().keySet());
  }

  /** Shuts a broker down (controlled shutdown) and waits until it has stopped. */
  public void stopBroker(int brokerId) {
    BrokerServer broker = broker(brokerId);
    broker.shutdown();
    broker.awaitShutdown();
  }

  /** Restarts a stopped broker on its old port and waits until the controller has unfenced it. */
  public void startBroker(int brokerId) throws Exception {
    broker(brokerId).startup();
    cluster.waitForReadyBrokers();
  }

  private BrokerServer broker(int brokerId) {
    requireStarted();
    BrokerServer broker = cluster.brokers().get(brokerId);
    if (broker == null) {
      throw new IllegalArgumentException("No broker " + brokerId + "; brokers are " + brokerIds());
    }
    return broker;
  }

  private void requireStarted() {
    if (cluster == null) {
      throw new IllegalStateException(
          "Cluster not running: register InProcessKafka as a static @RegisterExtension field");
    }
  }
}
