package io.leadflow.routing;

import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepAlert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The alerts routing sends to {@code rep-alerts}: one per assignment, for the assigned rep. */
final class Alerts {

  private Alerts() {}

  static RepAlert forAssignment(LeadAssignment assignment, Rep rep, AlertType type) {
    EnrichedLead lead = assignment.getLead();
    List<NotificationChannel> channels = rep.getChannels().isEmpty()
        ? List.of(NotificationChannel.newBuilder().setType(ChannelType.CONSOLE).setAddress(rep.getRepId()).build())
        : rep.getChannels();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("pool", assignment.getPoolId());
    details.put("rule", assignment.getDecision().getRuleMatched());
    details.put("method", assignment.getMethod().name());
    if (assignment.getPreviousRepId() != null) {
      details.put("previousRepId", assignment.getPreviousRepId());
    }
    return RepAlert.newBuilder()
        .setAlertId(type.name().toLowerCase(Locale.ROOT) + ":" + assignment.getAssignmentId())
        .setType(type)
        .setRepId(rep.getRepId())
        .setRepName(rep.getName())
        .setLeadId(assignment.getLeadId())
        .setPriority(assignment.getPriority())
        .setCompanyName(lead == null ? null : lead.getCompanyName())
        .setTotalScore(assignment.getTotalScore())
        .setChannels(channels)
        .setLocale(rep.getLocale())
        .setDetails(details)
        .setCreatedAt(assignment.getAssignedAt())
        .build();
  }
}
