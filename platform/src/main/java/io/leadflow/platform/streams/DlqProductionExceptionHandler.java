package io.leadflow.platform.streams;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that can never be written (it does not serialize, or it is too large) goes to the DLQ with the
 * source record and the reason, and processing goes on; every other send error fails the task, so that
 * exactly-once aborts the transaction and nothing is lost.
 */
public class DlqProductionExceptionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DlqProductionExceptionHandler.class);

  private String dlqTopic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(org.apache.kafka.streams.StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    dlqTopic = topic == null ? null : topic.toString();
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RecordTooLargeException) {
      LOG.warn("record for {} is too large; sent to {}", record.topic(), dlqTopic, exception);
      return Response.resume(ExceptionHandlerUtils.maybeBuildDeadLetterQueueRecords(
          dlqTopic, context.sourceRawKey(), context.sourceRawValue(), context, exception));
    }
    return Response.fail();
  }

  @Override
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    LOG.warn("cannot serialize the {} of a record for {}; source record sent to {}", origin, record.topic(), dlqTopic, exception);
    return Response.resume(ExceptionHandlerUtils.maybeBuildDeadLetterQueueRecords(
        dlqTopic, context.sourceRawKey(), context.sourceRawValue(), context, exception));
  }
}
