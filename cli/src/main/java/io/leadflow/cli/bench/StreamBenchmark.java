package io.leadflow.cli.bench;

import io.leadflow.cli.RecordPublisher;
import io.leadflow.cli.TopicSetup;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.kafka.TopicAdmin;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.topics.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A stream's throughput against the limit of one hop on the same broker: a plain consumer→producer byte
 * passthrough (B2) over the same pre-written lead events, interleaved round by round, medians reported.
 */
public final class StreamBenchmark {

  /** What a benchmark loads, runs and waits for. */
  public interface Workload {
    String name();

    /** Writes the input (fixed seed, current event times); returns how many records the stream will consume. */
    long load(RecordPublisher publisher, int leads);

    StreamsService service(LayeredConfig appConfig, String applicationId);

    /** Topics whose committed offsets show the stream is done, or empty to count outputs instead. */
    List<String> inputTopics();

    /** With no input topics, the stream is done when this topic has received one record per input record. */
    String outputTopic();

    /** The topic B2 copies: the workload's input records (default: lead-events). */
    default String passthroughTopic() {
      return Topics.LEAD_EVENTS.name();
    }

    /** Runs before each stream round, before its start offsets are read (e.g. to clear topics it reads back). */
    default void beforeStreamRound(Admin admin) throws Exception {}
  }

  private static final String PASSTHROUGH_TOPIC = "bench-passthrough";
  private static final Duration STALL = Duration.ofSeconds(30);

  private final LayeredConfig config;
  private final Workload workload;
  private final int leads;
  private final int rounds;
  private final PrintStream out;
  private long inputRecords;

  public StreamBenchmark(LayeredConfig config, Workload workload, int leads, int rounds, PrintStream out) {
    this.config = config;
    this.workload = workload;
    this.leads = leads;
    this.rounds = rounds;
    this.out = out;
  }

  /** Results in records per second, one per timed round. */
  public record Result(List<Double> passthrough, List<Double> stream) {
    public double passthroughMedian() {
      return median(passthrough);
    }

    public double streamMedian() {
      return median(stream);
    }

    private static double median(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
  }

  public Result run() throws Exception {
    TopicSetup.createAll(config);
    try (Admin admin = Admin.create(config.kafkaClientProperties())) {
      TopicAdmin.createTopics(admin, List.of(new NewTopic(PASSTHROUGH_TOPIC, config.integer("topics.partitions"),
          (short) config.integer("topics.replication-factor"))), Duration.ofSeconds(30));
    }
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      inputRecords = workload.load(publisher, leads);
      publisher.flush();
    }
    out.printf("loaded %,d input records for %d leads (untimed)%n", inputRecords, leads);

    out.println("warm-up: one untimed round of each");
    passthrough("bench-warmup");
    stream(workload.name() + "-bench-warmup");

    List<Double> passthrough = new ArrayList<>();
    List<Double> stream = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      passthrough.add(passthrough("bench-passthrough-" + round));
      stream.add(stream(workload.name() + "-bench-" + round));
      out.printf("round %d: passthrough %,.0f rec/s, %s %,.0f rec/s%n", round,
          passthrough.get(passthrough.size() - 1), workload.name(), stream.get(stream.size() - 1));
    }
    return new Result(passthrough, stream);
  }

  /** B2: every input record (lead events unless the workload says otherwise) read as bytes and written unchanged to another topic, as fast as one hop goes. */
  private double passthrough(String groupId) {
    Map<String, Object> consumerProps = new HashMap<>(config.kafkaClientProperties());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    Map<String, Object> producerProps = new HashMap<>(config.kafkaClientProperties());
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    try (Admin admin = admin();
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      consumer.subscribe(List.of(workload.passthroughTopic()));
      long total = endOffsets(admin, workload.passthroughTopic()).values().stream().mapToLong(Long::longValue).sum();
      long copied = 0;
      long start = 0;
      while (copied < total) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (start == 0) {
            start = System.nanoTime();
          }
          producer.send(new ProducerRecord<>(PASSTHROUGH_TOPIC, record.key(), record.value()));
          copied++;
        }
        consumer.commitAsync();
      }
      producer.flush();
      return total / ((System.nanoTime() - start) / 1e9);
    } catch (Exception e) {
      throw new IllegalStateException("passthrough failed", e);
    }
  }

  private Admin admin() {
    return Admin.create(config.kafkaClientProperties());
  }

  /** The real topology and settings (exactly-once), timed from RUNNING until it has handled every input record. */
  private double stream(String applicationId) throws Exception {
    LayeredConfig appConfig = config.with("streams.state-dir", Files.createTempDirectory(applicationId).toString());
    Map<String, Object> consumerProps = new HashMap<>(config.kafkaClientProperties());
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (Admin admin = admin();
        KafkaConsumer<byte[], byte[]> output = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      workload.beforeStreamRound(admin);
      Map<TopicPartition, Long> start = endOffsets(admin, workload.outputTopic());
      output.assign(start.keySet());
      start.forEach(output::seek);
      Map<TopicPartition, Long> inputEnds = new HashMap<>();
      for (String topic : workload.inputTopics()) {
        inputEnds.putAll(endOffsets(admin, topic));
      }
      try (StreamsService service = workload.service(appConfig, applicationId)) {
        service.start(Duration.ofMinutes(2));
        long began = System.nanoTime();
        if (inputEnds.isEmpty()) {
          awaitOutputs(output, applicationId);
        } else {
          awaitCommitted(admin, applicationId, inputEnds);
        }
        return inputRecords / ((System.nanoTime() - began) / 1e9);
      }
    }
  }

  /** Until a read_committed consumer has seen one output record per input record. */
  private void awaitOutputs(KafkaConsumer<byte[], byte[]> output, String applicationId) {
    long seen = 0;
    long lastProgress = System.nanoTime();
    while (seen < inputRecords) {
      int batch = output.poll(Duration.ofMillis(100)).count();
      seen += batch;
      lastProgress = batch > 0 ? System.nanoTime() : lastProgress;
      failIfStalled(lastProgress, applicationId, seen);
    }
  }

  /** Until the application's committed offsets reach the end of every input partition. */
  private void awaitCommitted(Admin admin, String applicationId, Map<TopicPartition, Long> inputEnds) throws Exception {
    long handled = 0;
    long lastProgress = System.nanoTime();
    while (handled < inputRecords) {
      Thread.sleep(100);
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
          .partitionsToOffsetAndMetadata().get();
      long now = inputEnds.keySet().stream().mapToLong(p -> committed.get(p) == null ? 0 : committed.get(p).offset()).sum();
      lastProgress = now > handled ? System.nanoTime() : lastProgress;
      handled = now;
      failIfStalled(lastProgress, applicationId, handled);
    }
  }

  private void failIfStalled(long lastProgress, String applicationId, long done) {
    if (System.nanoTime() - lastProgress > STALL.toNanos()) {
      throw new IllegalStateException(applicationId + " stalled after " + done + " of " + inputRecords + " records");
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
        .partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(request).all().get().entrySet()) {
      ends.put(e.getKey(), e.getValue().offset());
    }
    return ends;
  }
}
