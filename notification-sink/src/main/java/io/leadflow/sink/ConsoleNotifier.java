package io.leadflow.sink;

import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RepAlert;
import java.io.PrintStream;

/** Writes each alert as one readable line (the demo's and the walking skeleton's channel). */
public final class ConsoleNotifier implements Notifier {

  private final PrintStream out;

  public ConsoleNotifier(PrintStream out) {
    this.out = out;
  }

  @Override
  public void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) {
    out.printf("[alert] %s -> %s (%s): lead %s%s%s%n",
        alert.getType(), alert.getRepName() == null ? alert.getRepId() : alert.getRepName(), channel.getAddress(),
        alert.getLeadId(),
        alert.getCompanyName() == null ? "" : " at " + alert.getCompanyName(),
        alert.getPriority().name().equals("HIGH") ? " [HIGH PRIORITY]" : "");
  }
}
