package io.leadflow.sink.channels;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.sink.DeliveryException;
import io.leadflow.sink.Notifier;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends {@link HttpPayloads#sms} through a configurable HTTP provider: one POST to {@code sink.sms.url} with the
 * body {@code sink.sms.body-template}, whose {@code ${to}}, {@code ${text}} and {@code ${idempotencyKey}} are
 * replaced by values escaped for {@code sink.sms.content-type} (JSON string escaping for JSON types, URL encoding
 * for forms, verbatim otherwise). {@code sink.sms.auth-header}, when set, is sent as {@code Authorization}; the
 * idempotency key also goes out as {@code Idempotency-Key} for providers that honour it.
 *
 * <p>The channel's address is a phone number; spaces, dashes, dots and parentheses are dropped, leaving E.164-style
 * {@code +4915112345678}. Construction fails without {@code sink.sms.url}: a sink that serves SMS refuses to start.
 */
public final class SmsNotifier implements Notifier {

  private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{6,15}");
  private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().\\-/]");

  private final HttpPayloads payloads;
  private final SmsSettings settings;
  private final URI url;
  private final HttpDelivery http;
  private final UnaryOperator<String> escape;

  public SmsNotifier(HttpPayloads payloads, SmsSettings settings, HttpDelivery http) {
    this.payloads = payloads;
    this.settings = settings;
    this.url = settings.url().orElseThrow(() -> new ConfigException(
        "sink.sms.url is empty: set it to the SMS provider's endpoint to send SMS alerts"));
    this.http = http;
    this.escape = escaperFor(settings.contentType());
  }

  @Override
  public ChannelType channel() {
    return ChannelType.SMS;
  }

  @Override
  public void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) throws DeliveryException {
    String phone = PHONE_PUNCTUATION.matcher(channel.getAddress() == null ? "" : channel.getAddress()).replaceAll("");
    if (!PHONE.matcher(phone).matches()) {
      // The number is personal data: it is not quoted.
      throw DeliveryException.permanent("SMS address of rep " + alert.getRepId() + " is not a phone number", null, null);
    }
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", settings.contentType());
    headers.put("Idempotency-Key", idempotencyKey);
    if (!settings.authHeader().isEmpty()) {
      headers.put("Authorization", settings.authHeader().reveal());
    }
    http.post("SMS", url, body(Map.of("to", phone, "text", payloads.sms(alert), "idempotencyKey", idempotencyKey)), headers);
  }

  /** The body template with each placeholder replaced once; substituted values are never scanned for placeholders. */
  String body(Map<String, String> values) {
    Matcher m = SmsSettings.PLACEHOLDER.matcher(settings.bodyTemplate());
    StringBuilder body = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(body, Matcher.quoteReplacement(escape.apply(values.getOrDefault(m.group(1), ""))));
    }
    m.appendTail(body);
    return body.toString();
  }

  private static UnaryOperator<String> escaperFor(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      return value -> new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
    if (type.startsWith("application/x-www-form-urlencoded")) {
      return value -> URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
    return UnaryOperator.identity();
  }
}
