package io.leadflow.platform.streams;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an undecodable global-table record to the app's DLQ with the same {@code __streams.errors.*} headers Kafka
 * writes for stream tasks. Global tables are not read inside a transaction, so a plain idempotent producer, made on
 * the first bad record, loses nothing that exactly-once would keep.
 */
final class GlobalDlqWriter {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalDlqWriter.class);

  private final Map<String, Object> producerConfig = new HashMap<>();
  private final String topic;
  private KafkaProducer<byte[], byte[]> producer;

  GlobalDlqWriter(Map<String, ?> configs) {
    Object dlq = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    topic = dlq == null ? null : dlq.toString();
    configs.forEach((key, value) -> {
      if (ProducerConfig.configNames().contains(key) && value != null) {
        producerConfig.put(key, value);
      }
    });
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-global-dlq");
    producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
  }

  synchronized void send(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (topic == null) {
      return;
    }
    try {
      if (producer == null) {
        producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> producer.close(Duration.ofSeconds(2))));
      }
      RecordHeaders headers = new RecordHeaders(record.headers().toArray());
      StringWriter trace = new StringWriter();
      exception.printStackTrace(new PrintWriter(trace));
      add(headers, "__streams.errors.exception", exception.getClass().getName());
      add(headers, "__streams.errors.message", String.valueOf(exception.getMessage()));
      add(headers, "__streams.errors.stacktrace", trace.toString());
      add(headers, "__streams.errors.topic", context.topic());
      add(headers, "__streams.errors.partition", String.valueOf(context.partition()));
      add(headers, "__streams.errors.offset", String.valueOf(context.offset()));
      producer.send(new ProducerRecord<>(topic, null, record.timestamp() >= 0 ? record.timestamp() : null, record.key(),
          record.value(), headers));
      producer.flush();
    } catch (RuntimeException e) {
      LOG.error("cannot write the undecodable record from {} to {}", context.topic(), topic, e);
    }
  }

  private static void add(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
