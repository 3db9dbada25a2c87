package io.leadflow.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.platform.streams.StreamsSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * SASL_SSL settings from KAFKA_* variables reach the properties every kind of client is built from (docs/SECURITY.md):
 * each client's own config class accepts them and keeps the secrets as hidden passwords. SaslPassThroughIT (cli)
 * shows the same on a real SASL listener.
 */
class KafkaSecuritySettingsTest {

  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
      + "username=\"leadflow\" password=\"jaas-secret-1\";";

  private static final Map<String, String> ENV = Map.of(
      "KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093",
      "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
      "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
      "KAFKA_SASL_JAAS_CONFIG", JAAS,
      "KAFKA_SSL_TRUSTSTORE_LOCATION", "/run/secrets/truststore.p12",
      "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
      "KAFKA_SSL_TRUSTSTORE_PASSWORD", "truststore-secret-2",
      "KAFKA_HOME", "/opt/kafka");

  @Test
  void everyKindOfClientGetsTheSettingsAndKeepsTheSecretsHidden() {
    LayeredConfig config = LayeredConfig.builder().environment(ENV).build();
    Map<String, Object> client = config.kafkaClientProperties();
    assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS).containsEntry("ssl.truststore.location", "/run/secrets/truststore.p12")
        .containsEntry("ssl.truststore.type", "PKCS12").containsEntry("ssl.truststore.password", "truststore-secret-2")
        .doesNotContainKey("home");

    Map<String, Object> producer = new HashMap<>(client);
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    Map<String, Object> consumer = new HashMap<>(client);
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Properties streams = StreamsSettings.base("routing-stream", "routing-stream-dlq", config);

    for (AbstractConfig parsed : new AbstractConfig[] {new ProducerConfig(producer), new ConsumerConfig(consumer),
        new AdminClientConfig(client)}) {
      assertThat(parsed.getString("security.protocol")).isEqualTo("SASL_SSL");
      assertThat(parsed.getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
      assertThat(parsed.getString("ssl.truststore.location")).isEqualTo("/run/secrets/truststore.p12");
      Password jaas = parsed.getPassword("sasl.jaas.config");
      assertThat(jaas.value()).isEqualTo(JAAS);
      assertThat(jaas.toString()).isEqualTo("[hidden]");
      assertThat(parsed.getPassword("ssl.truststore.password").toString()).isEqualTo("[hidden]");
    }
    // Streams hands the same properties to its consumers, producers and admin client.
    StreamsConfig streamsConfig = new StreamsConfig(streams);
    assertThat(streamsConfig.getString("security.protocol")).isEqualTo("SASL_SSL");
    for (Map<String, Object> inner : java.util.List.of(
        streamsConfig.getMainConsumerConfigs("routing-stream", "c", 0), streamsConfig.getProducerConfigs("p"),
        streamsConfig.getAdminConfigs("a"), streamsConfig.getRestoreConsumerConfigs("r"),
        streamsConfig.getGlobalConsumerConfigs("g"))) {
      assertThat(inner).containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("sasl.jaas.config", JAAS)
          .containsEntry("ssl.truststore.password", "truststore-secret-2");
    }
  }

  @Test
  void theOriginOfAKafkaSettingNamesTheVariableNotItsValue() {
    LayeredConfig config = LayeredConfig.builder().environment(ENV).build();
    // leadflow reads no kafka.* value itself; what it does print about config is the origin, not the value.
    assertThat(config.origin("kafka.sasl.jaas.config").toString()).contains("KAFKA_SASL_JAAS_CONFIG")
        .doesNotContain("jaas-secret-1");
  }
}
