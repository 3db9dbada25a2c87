package io.leadflow.cli.bench;

import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.cli.TopicSetup;
import io.leadflow.enrichment.EnrichmentConfig;
import io.leadflow.enrichment.EnrichmentTopology;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.kafka.TopicAdmin;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Enrichment throughput against the limit of one hop on the same broker: a plain consumer→producer byte
 * passthrough (B2) over the same pre-written lead events, interleaved round by round, medians reported.
 */
public final class EnrichmentBenchmark {

  private static final String PASSTHROUGH_TOPIC = "bench-passthrough";
  private static final Duration STALL = Duration.ofSeconds(30);

  private final LayeredConfig config;
  private final int leads;
  private final int rounds;
  private final PrintStream out;

  public EnrichmentBenchmark(LayeredConfig config, int leads, int rounds, PrintStream out) {
    this.config = config;
    this.leads = leads;
    this.rounds = rounds;
    this.out = out;
  }

  /** Results in records per second, one per timed round. */
  public record Result(List<Double> passthrough, List<Double> enrichment) {
    public double passthroughMedian() {
      return median(passthrough);
    }

    public double enrichmentMedian() {
      return median(enrichment);
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
    out.printf("load: %,d companies and %,d lead profile events (untimed)%n", leads / 20, leads);
    load();

    out.println("warm-up: one untimed round of each");
    passthrough("bench-warmup");
    enrichment("enrichment-bench-warmup");

    List<Double> passthrough = new ArrayList<>();
    List<Double> enrichment = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      passthrough.add(passthrough("bench-passthrough-" + round));
      enrichment.add(enrichment("enrichment-bench-" + round));
      out.printf("round %d: passthrough %,.0f rec/s, enrichment %,.0f rec/s%n", round,
          passthrough.get(passthrough.size() - 1), enrichment.get(enrichment.size() - 1));
    }
    return new Result(passthrough, enrichment);
  }

  /** Fixed seed: 80 % of leads at a known company, 10 % free mail, 10 % at a company not known (pending). */
  private void load() {
    Random random = new Random(7);
    int companies = Math.max(1, leads / 20);
    // Current event times: the broker deletes records whose timestamps are older than the topic's retention
    // (seven days by default), which would drop old-dated test data while it is being read.
    Instant t0 = Instant.now().minus(Duration.ofHours(1));
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      for (int i = 0; i < companies; i++) {
        String domain = "company-" + i + ".de";
        publisher.send(Topics.COMPANY_PROFILES, domain, CompanyProfile.newBuilder()
            .setDomain(domain).setName("Company " + i)
            .setFirmographics(Firmographics.newBuilder().setIndustry("Software").setEmployeeCount(random.nextInt(2_000))
                .setCountry("DE").build())
            .setUpdatedAt(t0).build(), t0.toEpochMilli());
      }
      for (int i = 0; i < leads; i++) {
        double roll = random.nextDouble();
        String domain = roll < 0.8 ? "company-" + random.nextInt(companies) + ".de"
            : roll < 0.9 ? "gmail.com" : "unknown-" + random.nextInt(companies) + ".de";
        Instant at = t0.plusMillis(i);
        String leadId = "bench-" + i;
        publisher.send(Topics.LEAD_EVENTS, leadId, LeadEvent.newBuilder()
            .setEventId(leadId + "-profile").setLeadId(leadId).setType(LeadEventType.PROFILE).setOccurredAt(at)
            .setProfile(LeadProfile.newBuilder().setEmail("person" + i + "@" + domain).setFirstName("Ada")
                .setLastName("Lovelace").setJobTitle("CTO").setLeadSource("web-form").build())
            .build(), at.toEpochMilli());
      }
      publisher.flush();
    }
  }

  /** B2: every lead event read as bytes and written unchanged to another topic, as fast as one hop goes. */
  private double passthrough(String groupId) {
    Map<String, Object> consumerProps = new HashMap<>(config.kafkaClientProperties());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    Map<String, Object> producerProps = new HashMap<>(config.kafkaClientProperties());
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      consumer.subscribe(List.of(Topics.LEAD_EVENTS.name()));
      long copied = 0;
      long start = 0;
      while (copied < leads) {
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
      return leads / ((System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * The real enrichment topology and settings (exactly-once; lead-events, then by domain, free-mail leads by email first), timed
   * from RUNNING until a read_committed consumer has seen one enriched lead per input event.
   */
  private double enrichment(String applicationId) throws Exception {
    LayeredConfig appConfig = config.with("enrichment.application-id", applicationId)
        .with("streams.state-dir", Files.createTempDirectory(applicationId).toString());
    EnrichmentConfig enrichment = EnrichmentConfig.from(appConfig);
    Properties props = StreamsSettings.base(applicationId, Topics.ENRICHMENT_DLQ.name(), appConfig);
    Map<String, Object> consumerProps = new HashMap<>(config.kafkaClientProperties());
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (Admin admin = Admin.create(config.kafkaClientProperties());
        KafkaConsumer<byte[], byte[]> output = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<TopicPartition, Long> start = endOffsets(admin, Topics.LEADS_ENRICHED.name());
      output.assign(start.keySet());
      start.forEach(output::seek);
      try (StreamsService service = new StreamsService(applicationId, EnrichmentTopology.build(enrichment), props)) {
        service.start(Duration.ofMinutes(2));
        long began = System.nanoTime();
        long seen = 0;
        long lastProgress = System.nanoTime();
        while (seen < leads) {
          int batch = output.poll(Duration.ofMillis(100)).count();
          seen += batch;
          if (batch > 0) {
            lastProgress = System.nanoTime();
          } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
            throw new IllegalStateException(applicationId + " stalled: " + seen + " of " + leads + " enriched leads after "
                + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s; committed offsets: " + admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get());
          }
        }
        return leads / ((System.nanoTime() - began) / 1e9);
      }
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
