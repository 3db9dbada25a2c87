package io.leadflow.platform.streams;

import io.leadflow.platform.config.LayeredConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;

/**
 * The Streams configuration every leadflow stream starts from: exactly-once, explicit names for every
 * internal resource, and bad records routed to the app's DLQ topic with the reason in headers
 * ({@code __streams.errors.*}, KIP-1034) while processing continues.
 */
public final class StreamsSettings {

  private StreamsSettings() {}

  /**
   * A builder that refuses to build a topology with an unnamed processor, store or internal topic. The setting in
   * {@link #base} alone is not enough: the DSL checks names while building, so the builder must know it too.
   */
  public static StreamsBuilder namedResourcesBuilder() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-build");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    return new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
  }

  /**
   * @param applicationId the module name (DESIGN.md: never a class name); also names the state directory
   * @param dlqTopic the app's own dead-letter topic
   */
  public static Properties base(String applicationId, String dlqTopic, LayeredConfig config) {
    Properties props = new Properties();
    props.putAll(config.kafkaClientProperties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.string("streams.processing-guarantee"));
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.integer("streams.num-threads"));
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.duration("streams.commit-interval").toMillis());
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, maxTaskIdleMillis(config, "streams.max-task-idle"));
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.integer("topics.replication-factor"));
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.find("streams.state-dir")
        .orElse(Path.of(System.getProperty("java.io.tmpdir"), "leadflow-streams").toString()));
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, dlqTopic);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, CountingDeserializationExceptionHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, CountingProcessingExceptionHandler.class);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DlqProductionExceptionHandler.class);
    return props;
  }

  /**
   * Kafka's {@code max.task.idle.ms} from {@code key}: {@code off} (-1: a task with several input partitions processes
   * what it has buffered, even while an empty partition still has older records on the broker) or how long it may wait
   * for an empty partition's data (0, Kafka's default: only as long as the consumer knows the partition has a lag).
   * Waiting keeps a catching-up task in event-time order across its inputs; {@code off} saves Kafka formatting a log
   * message per record and empty partition (docs/BENCHMARKS.md, "Ladder").
   */
  public static long maxTaskIdleMillis(LayeredConfig config, String key) {
    if (config.string(key).trim().equalsIgnoreCase("off")) {
      return StreamsConfig.MAX_TASK_IDLE_MS_DISABLED;
    }
    return config.duration(key).toMillis();
  }
}
