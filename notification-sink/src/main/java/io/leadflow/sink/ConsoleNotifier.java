package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RepAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each alert as one readable log line on logger {@code leadflow.alerts} (the walking skeleton's channel). */
public final class ConsoleNotifier implements Notifier {

  private static final Logger ALERTS = LoggerFactory.getLogger("leadflow.alerts");

  @Override
  public ChannelType channel() {
    return ChannelType.CONSOLE;
  }

  @Override
  public void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) {
    ALERTS.info("{} -> {} ({}): lead {}{}{}", alert.getType(),
        alert.getRepName() == null ? alert.getRepId() : alert.getRepName(), channel.getAddress(), alert.getLeadId(),
        alert.getCompanyName() == null ? "" : " at " + alert.getCompanyName(),
        alert.getPriority() == Priority.HIGH ? " [HIGH PRIORITY]" : "");
  }
}
