package io.leadflow.platform.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.platform.kafka.TopicAdmin;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerIT {

  @Test
  void servesTransactionsAndReleasesItsPortOnClose() throws Exception {
    int port;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      String bootstrap = broker.bootstrapServers();
      assertThat(bootstrap).startsWith("127.0.0.1:");
      port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        TopicAdmin.createTopics(admin, List.of(new NewTopic("greetings", 3, (short) 1)), Duration.ofSeconds(30));
        // Asking again for an existing topic is fine.
        TopicAdmin.createTopics(admin, List.of(new NewTopic("greetings", 3, (short) 1)), Duration.ofSeconds(30));
      }

      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "broker-test"), new StringSerializer(), new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("greetings", "k", "committed"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("greetings", "k", "aborted"));
        producer.abortTransaction();
      }

      List<String> read = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
        List<TopicPartition> partitions = List.of(0, 1, 2).stream().map(p -> new TopicPartition("greetings", p)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long deadline = System.currentTimeMillis() + 10_000;
        while (read.isEmpty() && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            read.add(record.value());
          }
        }
        consumer.poll(Duration.ofMillis(500)).forEach(r -> read.add(r.value()));
      }
      assertThat(read).containsExactly("committed");
    }

    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }
}
