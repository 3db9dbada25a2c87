package io.leadflow.sink.channels;

import io.leadflow.sink.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhooks as <a href="https://www.standardwebhooks.com">Standard Webhooks</a> does, so receivers
 * can use any of that specification's libraries: HMAC-SHA256 over {@code ${webhook-id}.${webhook-timestamp}.${body}}
 * keyed with the base64-decoded part of a {@code whsec_} secret, sent as {@code webhook-signature: v1,<base64>}.
 */
public final class WebhookSignature {

  public static final String SECRET_PREFIX = "whsec_";
  public static final String VERSION = "v1";
  /** The specification's recommended tolerance for the timestamp, against replays. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private WebhookSignature() {}

  /** The {@code webhook-signature} header value, {@code v1,<base64 HMAC>}. */
  public static String sign(Secret secret, String msgId, long timestampSeconds, String body) {
    return VERSION + "," + Base64.getEncoder().encodeToString(hmac(key(secret), msgId, Long.toString(timestampSeconds), body));
  }

  /**
   * Whether one of the space-separated {@code v1,} signatures in {@code signatureHeader} matches and
   * {@code timestamp} lies within {@code tolerance} of {@code now} (either way). Comparison is constant-time.
   * Malformed input is simply not valid.
   */
  public static boolean verify(Secret secret, String msgId, String timestamp, String body, String signatureHeader,
      Duration tolerance, Instant now) {
    if (msgId == null || timestamp == null || body == null || signatureHeader == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = hmac(key(secret), msgId, Long.toString(seconds), body);
    boolean matched = false;
    for (String candidate : signatureHeader.strip().split("\\s+")) {
      int comma = candidate.indexOf(',');
      if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(candidate.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      // No early exit: the time taken does not tell which candidate matched.
      matched |= MessageDigest.isEqual(expected, given);
    }
    return matched;
  }

  /**
   * The HMAC key: the base64 part of {@code whsec_<base64>} (a bare base64 secret is accepted too, as the reference
   * libraries do). Throws without quoting the secret.
   */
  static byte[] key(Secret secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("webhook secret is empty");
    }
    String text = secret.reveal().strip();
    String encoded = text.startsWith(SECRET_PREFIX) ? text.substring(SECRET_PREFIX.length()) : text;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("webhook secret is not " + SECRET_PREFIX + " followed by base64");
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("webhook secret has an empty key after " + SECRET_PREFIX);
    }
    return key;
  }

  private static byte[] hmac(byte[] key, String msgId, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal((msgId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
