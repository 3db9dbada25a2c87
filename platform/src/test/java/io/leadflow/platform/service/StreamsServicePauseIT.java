package io.leadflow.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.platform.testing.InProcessKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StreamsService#startPaused()}: the client joins its group and holds its partitions, but processes nothing. */
class StreamsServicePauseIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  @Test
  void aServiceStartedPausedTakesItsPartitionsButProcessesOnlyAfterResume() throws Exception {
    KAFKA.createTopics(new NewTopic("pause-in", 2, KAFKA.replicationFactor()),
        new NewTopic("pause-out", 2, KAFKA.replicationFactor()));
    try (var producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 20; i++) {
        producer.send(new ProducerRecord<>("pause-in", "key-" + i, "value-" + i));
      }
    }
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("pause-in", Consumed.with(Serdes.String(), Serdes.String()))
        .to("pause-out", Produced.with(Serdes.String(), Serdes.String()));
    Properties props = KAFKA.streamsProps("pause-app");

    try (StreamsService service = new StreamsService("pause-app", builder.build(), props)) {
      service.startPaused();
      awaitPartitionsAssigned("pause-app");
      Thread.sleep(2_000); // time it would need to copy 20 records, were it not paused

      assertThat(endOffsets("pause-out")).as("nothing processed while paused").isZero();

      service.kafkaStreams().resume();
      List<ConsumerRecord<String, String>> copied =
          KAFKA.readAll("pause-out", new StringDeserializer(), new StringDeserializer(), 20, Duration.ofSeconds(60));
      assertThat(copied).hasSize(20);
    }
  }

  private static void awaitPartitionsAssigned(String group) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var members = KAFKA.admin().describeConsumerGroups(List.of(group)).all().get().get(group).members();
      if (!members.isEmpty() && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(group + " got no partitions within 60 s");
  }

  private static long endOffsets(String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = Map.of(new TopicPartition(topic, 0), OffsetSpec.latest(),
        new TopicPartition(topic, 1), OffsetSpec.latest());
    return KAFKA.admin().listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
  }
}
