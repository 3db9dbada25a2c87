package io.leadflow.sink.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RepAlert;
import io.leadflow.sink.DeliveryException;
import io.leadflow.sink.Notifier;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Posts a Block Kit message, {@code {"text": ..., "blocks": [...]}}, to the Slack incoming webhook of
 * {@code sink.slack.webhook-url}, mentioning the rep (the channel's address is the Slack member id) as
 * {@code <@U123>} so Slack notifies them. Slack answers 200 {@code ok}, 4xx with a reason such as
 * {@code invalid_payload} (permanent) or 429 with {@code Retry-After}. Incoming webhooks take no idempotency key,
 * so a retry after a lost response may post twice.
 *
 * <p>Construction fails without a webhook URL: a sink that serves SLACK channels refuses to start.
 */
public final class SlackNotifier implements Notifier {

  /** Slack user ids: U… or, on Enterprise Grid, W…. Anything else (e.g. {@code !channel}) is refused, not posted. */
  private static final Pattern MEMBER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpPayloads payloads;
  private final URI webhookUrl;
  private final HttpDelivery http;

  public SlackNotifier(HttpPayloads payloads, SlackSettings settings, HttpDelivery http) {
    this.payloads = payloads;
    this.webhookUrl = settings.uri();
    this.http = http;
  }

  @Override
  public ChannelType channel() {
    return ChannelType.SLACK;
  }

  @Override
  public void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) throws DeliveryException {
    String memberId = channel.getAddress() == null ? "" : channel.getAddress().strip();
    if (!MEMBER_ID.matcher(memberId).matches()) {
      throw DeliveryException.permanent("Slack address of rep " + alert.getRepId() + " is not a Slack member id", null, null);
    }
    http.post("Slack message", webhookUrl, message(alert, memberId), Map.of("content-type", "application/json; charset=utf-8"));
  }

  private String message(RepAlert alert, String memberId) throws DeliveryException {
    String mention = "<@" + memberId + ">";
    ArrayNode blocks;
    try {
      JsonNode parsed = JSON.readTree(payloads.slackBlocks(alert));
      if (parsed == null || !parsed.path("blocks").isArray()) {
        throw DeliveryException.permanent("Slack blocks of alert " + alert.getAlertId() + " have no \"blocks\" array", null, null);
      }
      blocks = (ArrayNode) parsed.get("blocks");
    } catch (JsonProcessingException e) {
      throw DeliveryException.permanent("Slack blocks of alert " + alert.getAlertId() + " are not valid JSON", null, null);
    }
    if (!blocks.toString().contains(mention)) {
      // The text is only the notification fallback once blocks exist: the mention must show in the message too.
      ObjectNode section = JSON.createObjectNode().put("type", "section");
      section.putObject("text").put("type", "mrkdwn").put("text", mention);
      boolean header = blocks.size() > 0 && "header".equals(blocks.get(0).path("type").asText());
      blocks.insert(header ? 1 : 0, section);
    }
    ObjectNode message = JSON.createObjectNode();
    message.put("text", mention + " " + payloads.slackText(alert));
    message.set("blocks", blocks);
    return message.toString();
  }
}
