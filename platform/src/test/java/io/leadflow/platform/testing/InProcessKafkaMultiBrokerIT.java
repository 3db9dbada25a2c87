package io.leadflow.platform.testing;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InProcessKafkaMultiBrokerIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.brokers(3);

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void survivesAStoppedBrokerAndTakesItBack() throws Exception {
    assertThat(KAFKA.brokerIds()).hasSize(3);
    assertThat(KAFKA.replicationFactor()).isEqualTo((short) 3);
    KAFKA.createTopics(new NewTopic("replicated", 1, KAFKA.replicationFactor()));
    int leader = describe("replicated").partitions().get(0).leader().id();

    var props = KAFKA.producerProps();
    props.put("transactional.id", "multi-broker");
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();

      KAFKA.stopBroker(leader);
      KAFKA.createTopics(new NewTopic("replicated", 1, KAFKA.replicationFactor())); // waits for the new leader
      assertThat(describe("replicated").partitions().get(0).leader().id()).isNotEqualTo(leader);
      // The transaction log (replication 3, min ISR 2) keeps working with one broker down.
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("replicated", "k", "while one broker is down"));
      producer.commitTransaction();
    }

    KAFKA.startBroker(leader);
    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(describe("replicated").partitions().get(0).isr()).hasSize(3));
    List<ConsumerRecord<String, String>> records =
        KAFKA.readAll("replicated", new StringDeserializer(), new StringDeserializer(), 1, TIMEOUT);
    assertThat(records).extracting(ConsumerRecord::value).containsExactly("while one broker is down");
  }

  private static TopicDescription describe(String topic) throws Exception {
    return KAFKA.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
  }
}
