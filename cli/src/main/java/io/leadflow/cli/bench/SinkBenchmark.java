package io.leadflow.cli.bench;

import com.sun.net.httpserver.HttpServer;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RepAlert;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.cli.TopicSetup;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import io.leadflow.sink.NotificationSink;
import io.leadflow.sink.SinkApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The notification sink delivering to a webhook on loopback, against a baseline in the same run: a plain consumer
 * that POSTs each alert's bytes to the same server with the same number of parallel requests, with none of the
 * sink's work (templates, signing, delivery records, offsets per delivery).
 *
 * <p>Two measurements: throughput, draining a backlog of pre-written alerts; latency from an alert's creation to its
 * arrival at the webhook, with alerts published at a steady rate below that throughput.
 */
public final class SinkBenchmark {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private final LayeredConfig config;
  private final int alerts;
  private final int rounds;
  private final PrintStream out;
  private HttpServer server;
  private final AtomicLong received = new AtomicLong();
  private final ConcurrentLinkedQueue<Long> latencyMillis = new ConcurrentLinkedQueue<>();
  private final Map<String, Long> createdAtByAlert = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean recordLatency;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  public SinkBenchmark(LayeredConfig config, int alerts, int rounds, PrintStream out) {
    this.config = config;
    this.alerts = alerts;
    this.rounds = rounds;
    this.out = out;
  }

  public record Result(List<Double> baseline, List<Double> sink, double paceRate, long[] latencyPercentilesMillis) {
    public double baselineMedian() {
      return median(baseline);
    }

    public double sinkMedian() {
      return median(sink);
    }

    private static double median(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
  }

  public Result run() throws Exception {
    TopicSetup.createAll(config);
    startWebhook();
    try {
      int workers = config.integer("sink.workers-per-channel");
      out.printf("webhook on %s; %d parallel deliveries; warm-up: one untimed round of each%n", url(), workers);
      round(0, this::baseline);
      round(0, this::sink);
      List<Double> baseline = new ArrayList<>();
      List<Double> sink = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        baseline.add(round(round, this::baseline));
        sink.add(round(round, this::sink));
        out.printf("round %d: baseline %,.0f deliveries/s, sink %,.0f deliveries/s%n", round,
            baseline.get(baseline.size() - 1), sink.get(sink.size() - 1));
      }
      double pace = Result.median(sink) / 2;
      long[] percentiles = latency(pace);
      return new Result(baseline, sink, pace, percentiles);
    } finally {
      server.stop(0);
    }
  }

  private interface Drain {
    void drain(String group, long expected) throws Exception;
  }

  /** Writes a fresh backlog (untimed), then times how fast it is delivered; returns deliveries per second. */
  private double round(int round, Drain drain) throws Exception {
    String group = "bench-sink-" + round + "-" + System.nanoTime();
    skipToEnd(group); // each round delivers its own backlog only
    long before = received.get();
    publish(alerts, "r" + round + "-" + System.nanoTime(), 0);
    long start = System.nanoTime();
    drain.drain(group, before + alerts);
    return alerts / ((System.nanoTime() - start) / 1e9);
  }

  /** The sink with its real webhook channel, started on the backlog; stopped once everything arrived. */
  private void sink(String group, long expected) throws Exception {
    LayeredConfig sinkConfig = config.with("sink.group-id", group).with("sink.webhook.secret", SECRET)
        .with("sink.channels", "webhook");
    try (NotificationSink sink = SinkApp.service(sinkConfig)) {
      sink.start(Duration.ofSeconds(60));
      awaitReceived(expected);
    }
  }

  /** B-baseline: a plain consumer POSTing each record's bytes, as many requests in flight as the sink has workers. */
  private void baseline(String group, long expected) throws Exception {
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    int parallel = config.integer("sink.workers-per-channel");
    Semaphore inFlight = new Semaphore(parallel);
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    HttpClient http = HttpClient.newBuilder().executor(pool).build();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.REP_ALERTS.name()));
      while (received.get() < expected) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          inFlight.acquire();
          http.sendAsync(HttpRequest.newBuilder(url()).POST(HttpRequest.BodyPublishers.ofByteArray(record.value())).build(),
              HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> inFlight.release());
        }
        consumer.commitAsync();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Alerts published at {@code rate} per second to a running sink; percentiles of creation → arrival. */
  private long[] latency(double rate) throws Exception {
    int count = (int) Math.min(alerts, Math.max(1000, rate * 20));
    out.printf("latency: %,d alerts at %,.0f/s (half the sink's throughput)%n", count, rate);
    String group = "bench-sink-latency-" + System.nanoTime();
    skipToEnd(group);
    LayeredConfig sinkConfig = config.with("sink.group-id", group)
        .with("sink.webhook.secret", SECRET).with("sink.channels", "webhook");
    try (NotificationSink sink = SinkApp.service(sinkConfig)) {
      sink.start(Duration.ofSeconds(60));
      latencyMillis.clear();
      recordLatency = true;
      publish(count, "latency-" + System.nanoTime(), rate);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (latencyMillis.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      recordLatency = false;
    }
    long[] sorted = latencyMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    return new long[] {percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99), sorted[sorted.length - 1]};
  }

  /** Commits the end of the sink's input topics for {@code group}, so it starts with nothing old to deliver. */
  private void skipToEnd(String group) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config.kafkaClientProperties())) {
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
      for (String topic : List.of(Topics.REP_ALERTS.name(), Topics.NOTIFICATION_RETRIES.name())) {
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().forEach(p ->
            latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
      }
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> ends = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((partition, info) ->
          ends.put(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(info.offset())));
      admin.alterConsumerGroupOffsets(group, ends).all().get();
    }
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private void publish(int count, String prefix, double ratePerSecond) {
    NotificationChannel webhook = NotificationChannel.newBuilder().setType(ChannelType.WEBHOOK).setAddress(url().toString()).build();
    long start = System.nanoTime();
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      for (int i = 0; i < count; i++) {
        if (ratePerSecond > 0) {
          long due = start + (long) (i * 1e9 / ratePerSecond);
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
        }
        RepAlert alert = RepAlert.newBuilder().setAlertId(prefix + "-" + i).setType(AlertType.ASSIGNMENT)
            .setRepId("rep-" + (i % 50)).setRepName("Rep " + (i % 50)).setLeadId("lead-" + i)
            .setPriority(i % 10 == 0 ? Priority.HIGH : Priority.NORMAL).setCompanyName("Company " + (i % 500))
            .setTotalScore(60.0 + i % 40).setChannels(List.of(webhook)).setCreatedAt(Instant.now()).build();
        if (ratePerSecond > 0) {
          createdAtByAlert.put(alert.getAlertId(), alert.getCreatedAt().toEpochMilli());
        }
        publisher.send(Topics.REP_ALERTS, alert.getRepId(), alert, System.currentTimeMillis());
      }
      publisher.flush();
    }
  }

  private void awaitReceived(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (received.get() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the webhook got " + received.get() + " of " + expected + " deliveries");
      }
      Thread.sleep(5);
    }
  }

  private void startWebhook() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/hook", exchange -> {
      long arrived = System.currentTimeMillis();
      try (InputStream body = exchange.getRequestBody()) {
        byte[] bytes = body.readAllBytes();
        if (recordLatency) {
          latencyMillis.add(arrived - createdAt(bytes));
        }
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
      received.incrementAndGet();
    });
    server.start();
  }

  /** When the alert in this webhook body was created, looked up by its {@code data.alertId}. */
  private long createdAt(byte[] json) throws IOException {
    String alertId = JSON.readTree(json).path("data").path("alertId").asText();
    Long created = createdAtByAlert.remove(alertId);
    return created == null ? System.currentTimeMillis() : created;
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }
}
