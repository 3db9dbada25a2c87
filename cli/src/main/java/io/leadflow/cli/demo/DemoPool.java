package io.leadflow.cli.demo;

import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.PoolCommandType;
import io.leadflow.avro.PoolEvent;
import io.leadflow.avro.PoolEventType;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The demo's pull pool (seed 001): the example rules with {@code pull} switched on for the general pool, and a few
 * simulated reps who "take next" a few seconds after a warm lead enters. Escalation after 15 s is the backstop, so
 * every lead is still assigned within the demo's drain time.
 */
final class DemoPool implements AutoCloseable {

  static final String POOL = "general";
  private static final String GENERAL_LINE = "  general: {weight-model: static, window: 30d, absence-policy: bounded, catch-up-limit: 3}";
  private static final String PULL = ", pull: {push-threshold: 75, push-stages: [HOT], lock: 15m,"
      + " escalation: {auto-assign-after: 15s, manager-review-after: 'off'}}}";

  /**
   * The example rules with the general pool made a pull pool, in a temporary file; empty if the folder's rules do not
   * have the example's general pool line (then the demo runs push only).
   */
  static java.util.Optional<Path> rules(Path examples, Path dir) throws IOException {
    Path file = examples.resolve("routing.yaml");
    if (!Files.exists(file)) {
      return java.util.Optional.empty();
    }
    String yaml = Files.readString(file);
    if (!yaml.contains(GENERAL_LINE + "\n")) {
      return java.util.Optional.empty();
    }
    Path demo = dir.resolve("routing-demo.yaml");
    Files.writeString(demo, yaml.replace(GENERAL_LINE + "\n", GENERAL_LINE.substring(0, GENERAL_LINE.length() - 1)
        + PULL + "\n"));
    return java.util.Optional.of(demo);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final RecordPublisher publisher;
  private final String leadPrefix;
  private final List<String> reps;
  private final Random random;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-pool-reps");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger entered = new AtomicInteger();
  private final AtomicInteger claimed = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger escalated = new AtomicInteger();
  private final Thread thread;

  DemoPool(LayeredConfig config, RecordPublisher publisher, String leadPrefix, List<String> reps, long seed) {
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.publisher = publisher;
    this.leadPrefix = leadPrefix;
    this.reps = List.copyOf(reps);
    this.random = new Random(seed);
    List<TopicPartition> partitions = Stream.of(Topics.LEAD_POOL_EVENTS.name())
        .flatMap(topic -> consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
        .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::run, "demo-pool-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closed.get()) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        PoolEvent event = Topics.LEAD_POOL_EVENTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (!event.getLeadId().startsWith(leadPrefix) && event.getType() != PoolEventType.CLAIM_REJECTED) {
          continue;
        }
        switch (event.getType()) {
          case ENTERED -> {
            entered.incrementAndGet();
            if (!reps.isEmpty() && random.nextDouble() < 0.8) { // some leads are left for escalation to pick up
              scheduler.schedule(this::takeNext, 1_000 + random.nextInt(4_000), TimeUnit.MILLISECONDS);
            }
          }
          case CLAIMED -> claimed.incrementAndGet();
          case CLAIM_REJECTED -> rejected.incrementAndGet();
          case ESCALATED_AUTO_ASSIGN -> escalated.incrementAndGet();
          default -> { }
        }
      }
    }
    consumer.close(Duration.ofSeconds(2));
  }

  private void takeNext() {
    String rep = reps.get(random.nextInt(reps.size()));
    PoolCommand command = PoolCommand.newBuilder().setCommandId(UUID.randomUUID().toString())
        .setType(PoolCommandType.TAKE_NEXT).setPoolId(POOL).setRepId(rep).setIssuedAt(Instant.now()).build();
    publisher.send(Topics.POOL_COMMANDS, POOL, command, command.getIssuedAt().toEpochMilli());
    publisher.flush();
  }

  /** One line for the summary. */
  String summary() {
    return String.format("pull pool '%s': %d warm leads entered, %d claimed by reps (take next), %d claims refused,"
        + " %d auto-assigned after 15 s", POOL, entered.get(), claimed.get(), rejected.get(), escalated.get());
  }

  @Override
  public void close() {
    closed.set(true);
    scheduler.shutdownNow();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
