package io.leadflow.platform.testing;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessKafkaIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void createsTopicsWithALeaderForEveryPartition() throws Exception {
    KAFKA.createTopics(new NewTopic("fixture-a", 3, KAFKA.replicationFactor()), new NewTopic("fixture-b", 1, (short) 1));
    // Creating an existing topic again is not an error.
    KAFKA.createTopics(new NewTopic("fixture-a", 3, KAFKA.replicationFactor()));

    var descriptions = KAFKA.admin().describeTopics(List.of("fixture-a", "fixture-b")).allTopicNames().get();
    assertThat(descriptions.get("fixture-a").partitions()).hasSize(3);
    assertThat(descriptions.values())
        .flatMap(TopicDescription::partitions)
        .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
    assertThat(KAFKA.brokerIds()).hasSize(1);
    assertThat(KAFKA.bootstrapServers()).isNotBlank();
  }

  @Test
  void readAllReturnsCommittedRecordsOnly() {
    KAFKA.createTopics(new NewTopic("fixture-read", 2, KAFKA.replicationFactor()));
    var props = KAFKA.producerProps();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fixture-read");
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("fixture-read", "key-" + i, "value-" + i));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("fixture-read", "key-x", "aborted"));
      producer.abortTransaction();
    }

    List<ConsumerRecord<String, String>> records =
        KAFKA.readAll("fixture-read", new StringDeserializer(), new StringDeserializer(), 10, TIMEOUT);

    assertThat(records).extracting(ConsumerRecord::value).hasSize(10).doesNotContain("aborted");
  }

  @Test
  void readAllFailsClearlyWhenRecordsAreMissing() {
    KAFKA.createTopics(new NewTopic("fixture-empty", 1, KAFKA.replicationFactor()));

    assertThatThrownBy(() -> KAFKA.readAll("fixture-empty", new StringDeserializer(), new StringDeserializer(),
        1, Duration.ofMillis(500)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("fixture-empty");
  }

  @Test
  void consumerPropsJoinAGroup() {
    KAFKA.createTopics(new NewTopic("fixture-group", 1, KAFKA.replicationFactor()));
    try (var producer = new KafkaProducer<byte[], byte[]>(KAFKA.producerProps())) {
      producer.send(new ProducerRecord<>("fixture-group", "v".getBytes()));
    }
    List<byte[]> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<byte[], byte[]>(KAFKA.consumerProps("fixture-group-reader"))) {
      consumer.subscribe(Set.of("fixture-group"));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
      }
    }
    assertThat(values).containsExactly("v".getBytes());
  }

  @Test
  void streamsPropsRunAnExactlyOnceApp() throws Exception {
    KAFKA.createTopics(new NewTopic("fixture-in", 1, KAFKA.replicationFactor()),
        new NewTopic("fixture-out", 1, KAFKA.replicationFactor()));
    var builder = new StreamsBuilder();
    builder.stream("fixture-in", Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues(value -> value.toUpperCase())
        .to("fixture-out", Produced.with(Serdes.String(), Serdes.String()));
    var props = KAFKA.streamsProps("fixture-app");
    props.put("processing.guarantee", "exactly_once_v2");

    try (var streams = new KafkaStreams(builder.build(), props);
       var producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(), new StringSerializer())) {
      streams.start();
      producer.send(new ProducerRecord<>("fixture-in", "k", "hello")).get();

      var records = KAFKA.readAll("fixture-out", new StringDeserializer(), new StringDeserializer(), 1, TIMEOUT);
      assertThat(records).extracting(ConsumerRecord::value).containsExactly("HELLO");
    }
  }
}
