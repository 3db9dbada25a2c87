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
import io.leadflow.sink.Notifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmsNotifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTH = "Bearer SMSAUTHSECRET";

  private final TestPayloads payloads = new TestPayloads();
  private final HttpDelivery http = new HttpDelivery(new HttpSettings(Duration.ofSeconds(5)));
  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = LoopbackServer.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private LayeredConfig config() {
    return LayeredConfig.defaults()
        .with("sink.sms.url", server.url("/messages").toString())
        .with("sink.sms.auth-header", AUTH);
  }

  @Test
  void fillsTheDefaultTemplateWithJsonEscapedValuesAndSendsTheAuthorization() throws Exception {
    SmsNotifier notifier = new SmsNotifier(payloads, SmsSettings.from(config()), http);
    RepAlert alert = TestPayloads.alert(ChannelType.SMS, "+49 (151) 1234-5678");

    notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert));

    LoopbackServer.Received request = server.received().get(0);
    assertThat(request.path()).isEqualTo("/messages");
    assertThat(request.header("Authorization")).isEqualTo(AUTH);
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("Idempotency-Key")).isEqualTo(TestPayloads.key(alert));
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("to").asText()).isEqualTo("+4915112345678");
    assertThat(body.get("text").asText()).isEqualTo(payloads.sms(alert)).contains(TestPayloads.COMPANY_WITH_QUOTES);
    assertThat(body.get("reference").asText()).isEqualTo(TestPayloads.key(alert));
  }

  @Test
  void aFormTemplateGetsUrlEncodedValuesAndNoAuthorizationWhenNoneIsSet() {
    LayeredConfig config = LayeredConfig.defaults()
        .with("sink.sms.url", server.url("/messages").toString())
        .with("sink.sms.content-type", "application/x-www-form-urlencoded")
        .with("sink.sms.body-template", "To=${to}&Body=${text}");
    SmsNotifier notifier = new SmsNotifier(payloads, SmsSettings.from(config), http);
    RepAlert alert = TestPayloads.alert(ChannelType.SMS, "+4915112345678");

    try {
      notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert));
    } catch (DeliveryException e) {
      throw new AssertionError(e);
    }

    LoopbackServer.Received request = server.received().get(0);
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.body()).startsWith("To=%2B4915112345678&Body=");
    assertThat(URLDecoder.decode(request.body().substring(request.body().indexOf("Body=") + 5), StandardCharsets.UTF_8))
        .isEqualTo(payloads.sms(alert));
  }

  @Test
  void anUnknownPlaceholderIsAConfigError() {
    assertThatThrownBy(() -> SmsSettings.from(config().with("sink.sms.body-template", "{\"to\":\"${phone}\"}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("phone")
        .hasMessageContaining("sink.sms.body-template");
  }

  @Test
  void anAddressThatIsNotAPhoneNumberIsPermanentAndNotQuoted() {
    SmsNotifier notifier = new SmsNotifier(payloads, SmsSettings.from(config()), http);
    RepAlert alert = TestPayloads.alert(ChannelType.SMS, "call me maybe 555");

    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert)));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain("555");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void refusesToStartWithoutAUrl() {
    assertThatThrownBy(() -> new SmsNotifier(payloads, SmsSettings.from(LayeredConfig.defaults()), http))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sink.sms.url");
  }

  @Test
  void secretsNeverAppearInExceptionMessagesOrSettings() {
    String webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String slackUrl = server.url("/services/T0/B0/SLACKPATHSECRET").toString();
    LayeredConfig config = config()
        .with("sink.sms.url", server.url("/messages?api_key=SMSURLSECRET").toString())
        .with("sink.webhook.secret", webhookSecret)
        .with("sink.slack.webhook-url", slackUrl);
    List<String> secrets = List.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "SLACKPATHSECRET", "/services", "SMSAUTHSECRET",
        "SMSURLSECRET", "api_key", "/crm/CRMSECRET");
    WebhookSettings webhookSettings = WebhookSettings.from(config);
    SlackSettings slackSettings = SlackSettings.from(config);
    SmsSettings smsSettings = SmsSettings.from(config);
    Map<ChannelType, Notifier> notifiers = Map.of(
        ChannelType.WEBHOOK, new WebhookNotifier(payloads, webhookSettings, http),
        ChannelType.SLACK, new SlackNotifier(payloads, slackSettings, http),
        ChannelType.SMS, new SmsNotifier(payloads, smsSettings, http));
    Map<ChannelType, String> addresses = Map.of(ChannelType.WEBHOOK, server.url("/crm/CRMSECRET?k=1").toString(),
        ChannelType.SLACK, "U123ABC", ChannelType.SMS, "+4915112345678");

    List<String> texts = new ArrayList<>(List.of(webhookSettings.toString(), slackSettings.toString(), smsSettings.toString()));
    // Rejected by the peer, echoing the request back, then unreachable: every message stays clean.
    server.respond(request -> LoopbackServer.Reply.of(401, "unauthorized " + request.path() + "?" + request.query()
        + " " + request.header("Authorization")));
    notifiers.forEach((type, notifier) -> texts.add(failureText(notifier, type, addresses.get(type))));
    server.stop();
    notifiers.forEach((type, notifier) -> texts.add(failureText(notifier, type, addresses.get(type))));
    assertThatThrownBy(() -> SlackSettings.from(config.with("sink.slack.webhook-url", "hooks.slack.com/SLACKPATHSECRET")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> texts.add(e.getMessage()));

    assertThat(texts).hasSize(10);
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as("%s must not reveal %s", text, secret).doesNotContain(secret);
      }
    }
    assertThat(texts.subList(3, 6)).allSatisfy(text -> assertThat(text).contains("HTTP 401").contains("unauthorized"));
    assertThat(smsSettings.authHeader().reveal()).isEqualTo(AUTH);
  }

  private String failureText(Notifier notifier, ChannelType type, String address) {
    RepAlert alert = TestPayloads.alert(type, address);
    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert)));
    assertThat(e).as("%s delivery fails", type).isNotNull();
    StringBuilder text = new StringBuilder(e.getMessage());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" | ").append(cause);
    }
    return text.toString();
  }
}
