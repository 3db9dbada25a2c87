package io.leadflow.platform.streams;

import io.leadflow.platform.observability.DlqMeters;
import io.leadflow.platform.observability.Meters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that can never be written (it does not serialize, or it is too large) goes to the DLQ with the
 * source record and the reason, and processing goes on. Retriable send errors (a broker bounce) are retried.
 * Anything else fails the task, so that exactly-once aborts the transaction and nothing is lost; a changelog
 * write is never skipped, since that would leave the state store and its changelog apart.
 */
public class DlqProductionExceptionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DlqProductionExceptionHandler.class);

  private String dlqTopic;
  private DlqMeters meters = new DlqMeters(Meters.from(null), "unknown");

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    dlqTopic = topic == null ? null : topic.toString();
    meters = new DlqMeters(Meters.from(configs), String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)));
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    if (exception instanceof RecordTooLargeException && !isChangelog(record.topic())) {
      LOG.warn("record for {} is too large; source record sent to {}", record.topic(), dlqTopic, exception);
      return Response.resume(deadLetters(context, exception));
    }
    return Response.fail();
  }

  @Override
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    if (isChangelog(record.topic())) {
      return Response.fail();
    }
    LOG.warn("cannot serialize the {} of a record for {}; source record sent to {}", origin, record.topic(), dlqTopic, exception);
    return Response.resume(deadLetters(context, exception));
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetters(ErrorHandlerContext context, Exception exception) {
    meters.record(DlqMeters.reason(exception));
    return ExceptionHandlerUtils.maybeBuildDeadLetterQueueRecords(
        dlqTopic, context.sourceRawKey(), context.sourceRawValue(), context, exception);
  }

  private static boolean isChangelog(String topic) {
    return topic.endsWith("-changelog");
  }
}
