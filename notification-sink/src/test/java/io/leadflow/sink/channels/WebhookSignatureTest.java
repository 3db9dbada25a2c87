package io.leadflow.sink.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.sink.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  // The Standard Webhooks specification's published test vector (also used by its reference libraries).
  private static final Secret SPEC_SECRET = Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330;
  private static final String SPEC_BODY = "{\"test\": 2432232314}";
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;
  private static final Secret SECRET = Secret.of("whsec_" + Base64.getEncoder()
      .encodeToString("a 32-byte key for leadflow tests".getBytes(StandardCharsets.UTF_8)));
  private static final String ID = "assignment:lead-1@general#1/WEBHOOK";
  private static final long TIMESTAMP = 1767603600;
  private static final Instant AT_TIMESTAMP = Instant.ofEpochSecond(TIMESTAMP);
  private static final String BODY = "{\"leadId\":\"lead-1\",\"company\":\"Acme \\\"Rockets\\\"\"}";

  @Test
  void signsTheSpecificationsTestVector() {
    assertThat(WebhookSignature.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
    assertThat(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TIMESTAMP), SPEC_BODY, SPEC_SIGNATURE,
        TOLERANCE, Instant.ofEpochSecond(SPEC_TIMESTAMP))).isTrue();
  }

  @Test
  void matchesAnIndependentHmacOfIdTimestampAndBody() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.reveal().substring("whsec_".length())), "HmacSHA256"));
    String expected = "v1," + Base64.getEncoder().encodeToString(
        mac.doFinal((ID + "." + TIMESTAMP + "." + BODY).getBytes(StandardCharsets.UTF_8)));

    assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(expected);
  }

  @Test
  void aSignedMessageVerifies() {
    String signature = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);

    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY, signature, TOLERANCE,
        AT_TIMESTAMP.plusSeconds(30))).isTrue();
  }

  @Test
  void aTamperedBodyIdOrTimestampFails() {
    String signature = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);

    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY.replace("lead-1", "lead-2"), signature,
        TOLERANCE, AT_TIMESTAMP)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ID + "x", Long.toString(TIMESTAMP), BODY, signature, TOLERANCE,
        AT_TIMESTAMP)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP + 1), BODY, signature, TOLERANCE,
        AT_TIMESTAMP)).isFalse();
  }

  @Test
  void anotherSecretFails() {
    String signature = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);

    assertThat(WebhookSignature.verify(SPEC_SECRET, ID, Long.toString(TIMESTAMP), BODY, signature, TOLERANCE,
        AT_TIMESTAMP)).isFalse();
  }

  @Test
  void timestampsOutsideTheToleranceFailEitherWay() {
    String signature = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);

    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY, signature, TOLERANCE,
        AT_TIMESTAMP.plus(TOLERANCE))).isTrue();
    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY, signature, TOLERANCE,
        AT_TIMESTAMP.plus(TOLERANCE).plusSeconds(1))).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY, signature, TOLERANCE,
        AT_TIMESTAMP.minus(TOLERANCE).minusSeconds(1))).isFalse();
  }

  @Test
  void anyOfSeveralSpaceSeparatedSignaturesMayMatch() {
    String signature = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);
    String rotated = WebhookSignature.sign(SPEC_SECRET, ID, TIMESTAMP, BODY) + " v1,not-base64!! " + signature;

    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY, rotated, TOLERANCE, AT_TIMESTAMP)).isTrue();
  }

  @Test
  void malformedHeadersAndTimestampsFailWithoutThrowing() {
    String signature = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);
    String otherVersion = signature.replace("v1,", "v2,");

    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY, otherVersion, TOLERANCE, AT_TIMESTAMP)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY, "", TOLERANCE, AT_TIMESTAMP)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ID, "yesterday", BODY, signature, TOLERANCE, AT_TIMESTAMP)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ID, Long.toString(TIMESTAMP), BODY, null, TOLERANCE, AT_TIMESTAMP)).isFalse();
  }

  @Test
  void aMalformedSecretIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> WebhookSignature.sign(Secret.of("whsec_not*base64*SECRETVALUE"), ID, TIMESTAMP, BODY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whsec_")
        .hasMessageNotContaining("SECRETVALUE");
    assertThatThrownBy(() -> WebhookSignature.sign(Secret.of(""), ID, TIMESTAMP, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
