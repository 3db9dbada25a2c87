package io.leadflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class CountingDeserializationExceptionHandlerTest {

  private final ConsumerRecord<byte[], byte[]> garbage = new ConsumerRecord<>("rep-weights", 0, 7L, 0L,
      TimestampType.CREATE_TIME, 5, 3, "rep-a".getBytes(), new byte[] {1, 2, 3}, new RecordHeaders(), java.util.Optional.empty());

  private static CountingDeserializationExceptionHandler handler() {
    CountingDeserializationExceptionHandler handler = new CountingDeserializationExceptionHandler();
    // No DLQ topic here: the test is about the answer, the IT (BadInputCorpusIT) about the record in the DLQ.
    handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "routing-stream",
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9", "key.serializer", StringSerializer.class));
    return handler;
  }

  @Test
  void onTheGlobalThreadTheRecordIsSkippedWithoutKafkasDlqRecords() throws Exception {
    // Kafka's own DLQ records cannot be sent from the global thread (4.3.1: ClassCastException, the client dies).
    AtomicReference<DeserializationExceptionHandler.Response> answer = new AtomicReference<>();
    Thread global = new Thread(() -> answer.set(handler().handleError(context(), garbage, new RuntimeException("bad"))),
        "routing-stream-1-GlobalStreamThread");
    global.start();
    global.join();

    assertThat(answer.get().result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(answer.get().deadLetterQueueRecords()).isEmpty();
  }

  private static ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      public String topic() { return "rep-weights"; }
      public int partition() { return 0; }
      public long offset() { return 7L; }
      public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
      public String processorNodeId() { return null; }
      public TaskId taskId() { return new TaskId(-1, -1); }
      public long timestamp() { return 0L; }
      public byte[] sourceRawKey() { return "rep-a".getBytes(); }
      public byte[] sourceRawValue() { return new byte[] {1, 2, 3}; }
    };
  }
}
