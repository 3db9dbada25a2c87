package io.leadflow.platform.streams;

import io.leadflow.platform.observability.DlqMeters;
import io.leadflow.platform.observability.Meters;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's log-and-continue for processing errors (the source record goes to the DLQ), counted in
 * {@code leadflow_dlq_records_total}; the log line carries the lead id (the record key of every lead topic).
 */
public class CountingProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CountingProcessingExceptionHandler.class);

  private DlqMeters meters;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    meters = new DlqMeters(Meters.from(configs), String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)));
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    String reason = DlqMeters.reason(exception);
    meters.record(reason);
    LOG.atWarn().addKeyValue("leadId", record.key() instanceof String key ? key : null)
        .addKeyValue("processor", context.processorNodeId()).addKeyValue("reason", reason)
        .log("record sent to the DLQ: {}", exception.getMessage());
    return response;
  }
}
