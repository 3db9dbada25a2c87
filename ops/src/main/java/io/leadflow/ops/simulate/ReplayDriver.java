package io.leadflow.ops.simulate;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.internals.GlobalStateUpdateTask;
import org.apache.kafka.streams.processor.internals.StreamTask;

/**
 * One topology replayed offline, with byte-level topics in and out.
 *
 * <p>Kafka's {@link TopologyTestDriver} builds the topology's task, its stores and its global stores. With
 * {@link Loop#TASK}, records then go straight to that task, in the order and with the offsets the driver gives them,
 * but without three things the driver does for every record and a replay does not need: a regular-expression check of
 * the record's topic against every source topic, a commit with a checkpoint file after every processed record, and a
 * flush with a checkpoint after every global-store update. A replay is never restored from those checkpoints, and
 * nothing it writes depends on a flush: the record cache is off (a cache forwards at flushes), and the write-back layer
 * answers reads itself and bounds what it holds between flushes. That was a third of the CPU of a simulation.
 *
 * <p>{@link Loop#TEST_DRIVER} uses the driver's own public API for every record. It is the reference: a test checks
 * that both loops write the same records.
 *
 * <p>The task loop reads six private fields of Kafka {@value #WRITTEN_AGAINST}'s {@code TopologyTestDriver} and
 * calls the task's internal methods the way the driver does. Another Kafka version fails at construction, naming the
 * field it could not find, or the equivalence test shows where the loops part.
 */
final class ReplayDriver implements AutoCloseable {

  /** How records reach the topology's task. */
  enum Loop {
    /** Straight to the task; for simulate, backtest and their benchmark. */
    TASK,
    /** Through the test driver's public API, record by record: the reference the task loop is checked against. */
    TEST_DRIVER
  }

  static final String WRITTEN_AGAINST = "4.3.1";

  private final TopologyTestDriver driver;
  private final Loop loop;
  final String dlqTopic;
  /** The topics the topology reads (its sources and its global tables'). */
  final Set<String> sources = new HashSet<>();
  /** The topics its sink nodes write to, and its DLQ: what {@link #take} may be asked for. */
  private final Set<String> sinks = new HashSet<>();
  private final Map<String, List<ProducerRecord<byte[], byte[]>>> written = new HashMap<>();

  // Loop.TASK: the driver's task and what it writes through.
  private final StreamTask task;
  private final GlobalStateUpdateTask globalTask;
  private final MockProducer<byte[], byte[]> producer;
  private final Time wallClock;
  private final Map<String, TopicPartition> taskPartitions;
  private final Map<String, TopicPartition> globalPartitions;
  private final Map<TopicPartition, long[]> nextOffsets = new HashMap<>();

  // Loop.TEST_DRIVER: the driver's public topics.
  private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
  private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();

  ReplayDriver(Topology topology, String applicationId, String dlqTopic, Path stateDir, Loop loop) {
    this.dlqTopic = dlqTopic;
    this.loop = loop;
    TopologyDescription description = topology.describe();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      collect(sub.nodes());
    }
    for (TopologyDescription.GlobalStore global : description.globalStores()) {
      sources.addAll(global.source().topicSet());
    }
    sinks.add(dlqTopic);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "simulate:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // The task never has to wait for a partition here; with idling on, every record paid for formatting a trace
    // message about the partitions it did not wait for.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // A record cache forwards at commits, which the task loop does not make; without one, a table forwards each
    // update as it happens, as a cache flushed after every record (the driver's way) does.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, dlqTopic);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
    this.driver = new TopologyTestDriver(topology, props);
    if (loop == Loop.TASK) {
      this.task = field("task", StreamTask.class);
      if (task == null) {
        throw new IllegalArgumentException("the topology has no stream task (it reads only global tables)");
      }
      this.globalTask = field("globalStateTask", GlobalStateUpdateTask.class);
      this.producer = field("producer", MockProducer.class);
      this.wallClock = field("mockWallClockTime", Time.class);
      this.taskPartitions = partitions("partitionsByInputTopic");
      this.globalPartitions = partitions("globalPartitionsByInputTopic");
    } else {
      this.task = null;
      this.globalTask = null;
      this.producer = null;
      this.wallClock = null;
      this.taskPartitions = Map.of();
      this.globalPartitions = Map.of();
    }
  }

  private void collect(Set<TopologyDescription.Node> nodes) {
    for (TopologyDescription.Node node : nodes) {
      if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
        sources.addAll(source.topicSet());
      } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
        sinks.add(sink.topic());
      }
    }
  }

  /** Hands one record to the topology and lets it process everything that follows from it. */
  void pipe(String topic, byte[] key, byte[] value, long timestamp) {
    if (loop == Loop.TEST_DRIVER) {
      inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()))
          .pipeInput(key, value, timestamp);
      return;
    }
    if (!deliver(topic, key, value, timestamp, new RecordHeaders())) {
      throw new IllegalArgumentException("the topology reads no topic " + topic);
    }
    processQueued();
  }

  /**
   * What the topology wrote to {@code topic} since the last call, in order; empty for a topic it has no sink for.
   */
  List<ProducerRecord<byte[], byte[]>> take(String topic) {
    if (!sinks.contains(topic)) {
      return List.of();
    }
    if (loop == Loop.TEST_DRIVER) {
      collectFromDriver();
    }
    List<ProducerRecord<byte[], byte[]>> records = written.remove(topic);
    return records == null ? List.of() : records;
  }

  /**
   * As the driver does it: a task record is queued, a global one updates its store at once. False: not a topic the
   * topology reads (a topology's own output that nothing in it reads, such as its sinks).
   */
  private boolean deliver(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
    TopicPartition partition = taskPartitions.get(topic);
    if (partition != null) {
      task.addRecords(partition, List.of(consumerRecord(partition, key, value, timestamp, headers)));
      return true;
    }
    partition = globalPartitions.get(topic);
    if (partition != null) {
      globalTask.update(consumerRecord(partition, key, value, timestamp, headers));
      return true;
    }
    return false;
  }

  private ConsumerRecord<byte[], byte[]> consumerRecord(TopicPartition partition, byte[] key, byte[] value,
      long timestamp, Headers headers) {
    long offset = nextOffsets.computeIfAbsent(partition, p -> new long[1])[0]++;
    return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, timestamp, TimestampType.CREATE_TIME,
        key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
  }

  /** The driver's processing loop, less its commit after every record. */
  private void processQueued() {
    collectWritten();
    task.resumePollingForPartitionsWithAvailableSpace();
    task.updateLags();
    while (task.hasRecordsQueued() && task.isProcessable(wallClock.milliseconds())) {
      task.process(wallClock.milliseconds());
      task.maybePunctuateStreamTime();
      collectWritten();
    }
  }

  /** Keeps what the task wrote to a sink, and feeds back what the topology reads itself (repartitions, tables). */
  private void collectWritten() {
    List<ProducerRecord<byte[], byte[]>> history = producer.history();
    if (history.isEmpty()) {
      return;
    }
    producer.clear();
    for (ProducerRecord<byte[], byte[]> record : history) {
      if (sinks.contains(record.topic())) {
        written.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record);
      }
      deliver(record.topic(), record.key(), record.value(), record.timestamp(), record.headers());
    }
  }

  private void collectFromDriver() {
    for (String topic : driver.producedTopicNames()) {
      TestOutputTopic<byte[], byte[]> output = outputs.computeIfAbsent(topic,
          t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
      if (output.isEmpty()) {
        continue;
      }
      // Read every topic, changelogs included, or the driver keeps them all.
      for (var r : output.readRecordsToList()) {
        if (sinks.contains(topic)) {
          written.computeIfAbsent(topic, t -> new ArrayList<>())
              .add(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), r.headers()));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, TopicPartition> partitions(String name) {
    return (Map<String, TopicPartition>) field(name, Map.class);
  }

  private <T> T field(String name, Class<T> type) {
    try {
      Field field = TopologyTestDriver.class.getDeclaredField(name);
      field.setAccessible(true);
      return type.cast(field.get(driver));
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("the replay loop is written against Kafka Streams " + WRITTEN_AGAINST
          + "'s TopologyTestDriver; in " + AppInfoParser.getVersion() + " it has no field " + name + " of type "
          + type.getSimpleName(), e);
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
