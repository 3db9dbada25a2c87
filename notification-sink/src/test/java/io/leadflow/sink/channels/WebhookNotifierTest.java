package io.leadflow.sink.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.sink.DeliveryException;
import io.leadflow.sink.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

  private static final Secret SECRET = Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

  /** A clock the test moves forward between attempts. */
  private static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-05T09:00:00Z"));

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final TestPayloads payloads = new TestPayloads();
  private final MovableClock clock = new MovableClock();
  private final HttpDelivery http = new HttpDelivery(new HttpSettings(Duration.ofSeconds(5)), clock);
  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = LoopbackServer.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** The receiver's side: verify like any Standard Webhooks consumer would, 401 when it does not verify. */
  private static boolean verified(LoopbackServer.Received request, Clock clock) {
    return WebhookSignature.verify(SECRET, request.header("webhook-id"), request.header("webhook-timestamp"), request.body(),
        request.header("webhook-signature"), WebhookSignature.DEFAULT_TOLERANCE, clock.instant());
  }

  @Test
  void theReceiverVerifiesTheSignatureAndSeesTheIdempotencyKeyAsWebhookIdOnEveryAttempt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    server.respond(request -> !verified(request, clock) ? LoopbackServer.Reply.of(401, "bad signature")
        : attempts.incrementAndGet() == 1 ? LoopbackServer.Reply.of(503, "busy") : LoopbackServer.Reply.of(204, ""));
    RepAlert alert = TestPayloads.alert(ChannelType.WEBHOOK, server.url("/crm/leadflow?tenant=42").toString());
    WebhookNotifier notifier = new WebhookNotifier(payloads, new WebhookSettings(SECRET), http, clock);

    DeliveryException first = catchThrowableOfType(DeliveryException.class,
        () -> notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert)));
    clock.advance(Duration.ofSeconds(40));
    notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert));

    assertThat(first.retryable()).isTrue();
    assertThat(first.statusCode()).contains(503);
    assertThat(attempts).hasValue(2);
    List<LoopbackServer.Received> received = server.received();
    assertThat(received).hasSize(2).allSatisfy(request -> {
      assertThat(request.path()).isEqualTo("/crm/leadflow");
      assertThat(request.query()).isEqualTo("tenant=42");
      assertThat(request.header("webhook-id")).isEqualTo(TestPayloads.key(alert));
      assertThat(request.header("Idempotency-Key")).isEqualTo(TestPayloads.key(alert));
      assertThat(request.header("content-type")).isEqualTo("application/json");
      assertThat(request.body()).isEqualTo(payloads.webhookJson(alert));
    });
    // Each attempt is signed afresh with its own timestamp, so a late retry still passes the receiver's replay check.
    assertThat(received.get(1).header("webhook-timestamp"))
        .isEqualTo(Long.toString(Long.parseLong(received.get(0).header("webhook-timestamp")) + 40));
    assertThat(received.get(0).header("webhook-signature")).isNotEqualTo(received.get(1).header("webhook-signature"));
  }

  @Test
  void anAddressThatIsNotAnHttpUrlIsPermanentAndNotQuoted() {
    RepAlert alert = TestPayloads.alert(ChannelType.WEBHOOK, "ftp://crm.example/SECRETPATH");
    WebhookNotifier notifier = new WebhookNotifier(payloads, new WebhookSettings(SECRET), http, clock);

    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> notifier.deliver(alert, TestPayloads.channel(alert), TestPayloads.key(alert)));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("rep-a").doesNotContain("SECRETPATH", "crm.example");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void refusesToStartWithoutASecretNamingTheSettingAndItsVariable() {
    WebhookSettings unset = WebhookSettings.from(LayeredConfig.defaults());

    assertThat(unset.secret().isEmpty()).isTrue();
    assertThatThrownBy(() -> new WebhookNotifier(payloads, unset, http))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sink.webhook.secret")
        .hasMessageContaining("LEADFLOW_SINK_WEBHOOK_SECRET");
  }

  @Test
  void refusesToStartWithAMalformedSecretWithoutQuotingIt() {
    WebhookSettings malformed = WebhookSettings.from(LayeredConfig.defaults().with("sink.webhook.secret", "whsec_%%SECRETVALUE%%"));

    assertThatThrownBy(() -> new WebhookNotifier(payloads, malformed, http))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sink.webhook.secret")
        .hasMessageNotContaining("SECRETVALUE");
  }

  @Test
  void theSecretComesFromTheEnvironment() {
    LayeredConfig config = LayeredConfig.builder()
        .environment(java.util.Map.of("LEADFLOW_SINK_WEBHOOK_SECRET", SECRET.reveal())).build();

    assertThat(WebhookSettings.from(config).secret().reveal()).isEqualTo(SECRET.reveal());
  }
}
