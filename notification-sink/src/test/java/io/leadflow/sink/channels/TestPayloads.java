package io.leadflow.sink.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RepAlert;
import io.leadflow.sink.AlertKeys;
import java.time.Instant;
import java.util.List;

/** Plain texts for the notifiers, standing in for MessageTemplates; built with Jackson so they are valid JSON. */
final class TestPayloads implements HttpPayloads {

  static final String COMPANY_WITH_QUOTES = "Acme \"Rockets\" & Sons \\ GmbH";
  private static final ObjectMapper JSON = new ObjectMapper();

  static RepAlert alert(ChannelType type, String address) {
    return RepAlert.newBuilder()
        .setAlertId("assignment:lead-1@general#1")
        .setType(AlertType.ASSIGNMENT)
        .setRepId("rep-a")
        .setRepName("Ada Rep")
        .setLeadId("lead-1")
        .setPriority(Priority.HIGH)
        .setCompanyName(COMPANY_WITH_QUOTES)
        .setChannels(List.of(NotificationChannel.newBuilder().setType(type).setAddress(address).build()))
        .setCreatedAt(Instant.parse("2026-01-05T09:00:00Z"))
        .build();
  }

  static NotificationChannel channel(RepAlert alert) {
    return alert.getChannels().get(0);
  }

  static String key(RepAlert alert) {
    return AlertKeys.idempotencyKey(alert, channel(alert));
  }

  @Override
  public String slackText(RepAlert alert) {
    return "New lead " + alert.getLeadId() + " at " + alert.getCompanyName();
  }

  @Override
  public String slackBlocks(RepAlert alert) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", "New lead assigned");
    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", "*" + alert.getCompanyName() + "*");
    return root.toString();
  }

  @Override
  public String sms(RepAlert alert) {
    return "New lead at " + alert.getCompanyName() + " (" + alert.getLeadId() + ")";
  }

  @Override
  public String webhookJson(RepAlert alert) {
    return JSON.createObjectNode().put("alertId", alert.getAlertId()).put("leadId", alert.getLeadId())
        .put("company", alert.getCompanyName()).toString();
  }
}
