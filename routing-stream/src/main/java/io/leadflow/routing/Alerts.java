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

  /** An alert about a pool lead that goes with no assignment: a lapsed claim, a manager review. */
  static RepAlert forPool(Rep rep, AlertType type, String poolId, String leadId, String companyName, double score,
      String reason, long now) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("pool", poolId);
    details.put("reason", reason);
    return RepAlert.newBuilder()
        .setAlertId(type.name().toLowerCase(Locale.ROOT) + ":" + leadId + "@" + rep.getRepId() + ":" + now)
        .setType(type)
        .setRepId(rep.getRepId())
        .setRepName(rep.getName())
        .setLeadId(leadId)
        .setCompanyName(companyName)
        .setTotalScore(score)
        .setChannels(channels(rep))
        .setLocale(rep.getLocale())
        .setDetails(details)
        .setCreatedAt(java.time.Instant.ofEpochMilli(now))
        .build();
  }

  private static List<NotificationChannel> channels(Rep rep) {
    return rep.getChannels().isEmpty()
        ? List.of(NotificationChannel.newBuilder().setType(ChannelType.CONSOLE).setAddress(rep.getRepId()).build())
        : rep.getChannels();
  }

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
