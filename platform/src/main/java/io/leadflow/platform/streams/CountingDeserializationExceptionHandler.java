package io.leadflow.platform.streams;

import io.leadflow.platform.observability.DlqMeters;
import io.leadflow.platform.observability.Meters;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka's log-and-continue (the record goes to the DLQ), counted in {@code leadflow_dlq_records_total}. */
public class CountingDeserializationExceptionHandler extends LogAndContinueExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CountingDeserializationExceptionHandler.class);

  private DlqMeters meters;
  private GlobalDlqWriter globalDlq;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    globalDlq = new GlobalDlqWriter(configs);
    meters = new DlqMeters(Meters.from(configs), String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)));
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String reason = DlqMeters.reason(exception);
    meters.record(reason);
    if (GlobalThreads.isCurrent()) {
      // Kafka 4.3.1 cannot send DLQ records from the global thread (a ClassCastException kills the thread and the
      // whole client: one bad byte on reps, rep-weights or accounts stopped routing). Write it ourselves and go on.
      globalDlq.send(context, record, exception);
      LOG.atWarn().addKeyValue("topic", context.topic()).addKeyValue("offset", context.offset())
          .addKeyValue("reason", reason).log("undecodable record from global table {} sent to the DLQ", context.topic());
      return Response.resume();
    }
    Response response = super.handleError(context, record, exception);
    LOG.atWarn().addKeyValue("topic", context.topic()).addKeyValue("offset", context.offset())
        .addKeyValue("reason", reason).log("undecodable record from {} sent to the DLQ", context.topic());
    return response;
  }
}
