package io.leadflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DlqProductionExceptionHandlerTest {

  private final DlqProductionExceptionHandler handler = new DlqProductionExceptionHandler();

  DlqProductionExceptionHandlerTest() {
    handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "app-dlq"));
  }

  /** The source record the failed output came from. */
  private static final ErrorHandlerContext SOURCE = new ErrorHandlerContext() {
    @Override public String topic() { return "lead-events"; }
    @Override public int partition() { return 2; }
    @Override public long offset() { return 41; }
    @Override public Headers headers() { return new RecordHeaders(); }
    @Override public String processorNodeId() { return "assign-rep"; }
    @Override public TaskId taskId() { return new TaskId(0, 2); }
    @Override public long timestamp() { return 0; }
    @Override public byte[] sourceRawKey() { return "lead-1".getBytes(); }
    @Override public byte[] sourceRawValue() { return new byte[] {1, 2, 3}; }
  };

  private static ProducerRecord<byte[], byte[]> to(String topic) {
    return new ProducerRecord<>(topic, new byte[0], new byte[0]);
  }

  @Test
  void aRecordThatCannotBeSerializedSendsItsSourceToTheDlq() {
    Response response = handler.handleSerializationError(SOURCE, to("lead-assignments"),
        new SerializationException("no"), SerializationExceptionOrigin.VALUE);

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
      assertThat(dead.topic()).isEqualTo("app-dlq");
      assertThat(dead.value()).containsExactly(1, 2, 3);
      assertThat(new String(dead.headers().lastHeader("__streams.errors.topic").value())).isEqualTo("lead-events");
    });
  }

  @Test
  void aTooLargeRecordGoesToTheDlq() {
    assertThat(handler.handleError(SOURCE, to("lead-assignments"), new RecordTooLargeException("big")).result())
        .isEqualTo(Result.RESUME);
  }

  @Test
  void retriableErrorsAreRetried() {
    assertThat(handler.handleError(SOURCE, to("lead-assignments"), new NotLeaderOrFollowerException("moved")).result())
        .isEqualTo(Result.RETRY);
  }

  @Test
  void otherErrorsAndChangelogWritesFailTheTask() {
    assertThat(handler.handleError(SOURCE, to("lead-assignments"), new TopicAuthorizationException("denied")).result())
        .isEqualTo(Result.FAIL);
    assertThat(handler.handleError(SOURCE, to("routing-stream-routed-leads-changelog"), new RecordTooLargeException("big")).result())
        .isEqualTo(Result.FAIL);
    assertThat(handler.handleSerializationError(SOURCE, to("routing-stream-routed-leads-changelog"),
        new SerializationException("no"), SerializationExceptionOrigin.VALUE).result()).isEqualTo(Result.FAIL);
  }
}
