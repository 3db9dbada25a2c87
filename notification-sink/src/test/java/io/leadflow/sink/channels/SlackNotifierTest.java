package io.leadflow.sink.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.sink.DeliveryException;
import io.leadflow.sink.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEBHOOK_PATH = "/services/T0LEADFLOW/B0ALERTS/SLACKPATHSECRET";

  private final TestPayloads payloads = new TestPayloads();
  private final HttpDelivery http = new HttpDelivery(new HttpSettings(Duration.ofSeconds(5)));
  private LoopbackServer server;
  private SlackNotifier notifier;

  @BeforeEach
  void start() throws Exception {
    server = LoopbackServer.start();
    notifier = new SlackNotifier(payloads, new SlackSettings(Secret.of(server.url(WEBHOOK_PATH).toString())), http);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  void postsTextAndBlocksWithAHeaderAndMentionsTheRep() throws Exception {
    AtomicReference<String> rejected = new AtomicReference<>();
    server.respond(request -> {
      // Like Slack: anything but a text and a blocks array is an invalid_payload.
      JsonNode message = json(request.body());
      boolean valid = message != null && message.path("text").isTextual() && message.path("blocks").isArray()
          && "header".equals(message.path("blocks").path(0).path("type").asText());
      if (!valid) {
        rejected.set(request.body());
      }
      return valid ? LoopbackServer.Reply.of(200, "ok") : LoopbackServer.Reply.of(400, "invalid_payload");
    });
    RepAlert alert = TestPayloads.alert(ChannelType.SLACK, "U123ABC");

    notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert));

    assertThat(rejected).hasValue(null);
    LoopbackServer.Received request = server.received().get(0);
    assertThat(request.path()).isEqualTo(WEBHOOK_PATH);
    assertThat(request.header("content-type")).startsWith("application/json");
    JsonNode message = JSON.readTree(request.body());
    assertThat(message.get("text").asText()).isEqualTo("<@U123ABC> " + payloads.slackText(alert));
    assertThat(message.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("New lead assigned");
    assertThat(message.get("blocks").toString()).contains("<@U123ABC>").contains("Rockets");
  }

  @Test
  void invalidPayloadIsPermanentAndTheMessageHidesTheWebhookPath() {
    server.respond(request -> LoopbackServer.Reply.of(400, "invalid_payload"));
    RepAlert alert = TestPayloads.alert(ChannelType.SLACK, "U123ABC");

    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert)));

    assertThat(e.retryable()).isFalse();
    assertThat(e.statusCode()).contains(400);
    assertThat(e.getMessage()).contains("invalid_payload").contains("Slack")
        .doesNotContain("SLACKPATHSECRET", "/services");
  }

  @Test
  void rateLimitedIsRetryableAfterSlacksRetryAfter() {
    server.respond(request -> LoopbackServer.Reply.of(429, "rate_limited", Map.of("Retry-After", "3")));
    RepAlert alert = TestPayloads.alert(ChannelType.SLACK, "U123ABC");

    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert)));

    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void anAddressThatIsNotAMemberIdIsPermanentAndNothingIsPosted() {
    RepAlert alert = TestPayloads.alert(ChannelType.SLACK, "<!channel>");

    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert)));

    assertThat(e.retryable()).isFalse();
    assertThat(server.received()).isEmpty();
  }

  @Test
  void refusesToStartWithoutAWebhookUrl() {
    assertThatThrownBy(() -> new SlackNotifier(payloads, SlackSettings.from(LayeredConfig.defaults()), http))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sink.slack.webhook-url")
        .hasMessageContaining("LEADFLOW_SINK_SLACK_WEBHOOK__URL");
  }

  @Test
  void theWebhookUrlComesFromTheEnvironment() {
    LayeredConfig config = LayeredConfig.builder()
        .environment(Map.of("LEADFLOW_SINK_SLACK_WEBHOOK__URL", "https://hooks.slack.com" + WEBHOOK_PATH)).build();

    assertThat(SlackSettings.from(config).webhookUrl().reveal()).isEqualTo("https://hooks.slack.com" + WEBHOOK_PATH);
  }
}
