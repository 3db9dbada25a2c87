package io.leadflow.sink.channels;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.sink.Secret;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of the SMS channel: a generic HTTP provider described by a URL and a body template, so a new provider
 * needs configuration, not code. An empty URL is allowed unless SMS is used, see {@link SmsNotifier}.
 *
 * @param url the provider endpoint ({@code sink.sms.url}); empty when SMS is not configured
 * @param bodyTemplate request body with the placeholders {@code ${to}}, {@code ${text}} and {@code ${idempotencyKey}}
 *     ({@code sink.sms.body-template})
 * @param contentType {@code sink.sms.content-type}, default {@code application/json}; decides how values are escaped
 * @param authHeader optional {@code Authorization} header value ({@code sink.sms.auth-header}); prints as {@code ***}
 */
public record SmsSettings(Optional<URI> url, String bodyTemplate, String contentType, Secret authHeader) {

  public static final String DEFAULT_CONTENT_TYPE = "application/json";
  public static final String DEFAULT_BODY_TEMPLATE = "{\"to\":\"${to}\",\"text\":\"${text}\",\"reference\":\"${idempotencyKey}\"}";
  public static final Set<String> PLACEHOLDERS = Set.of("to", "text", "idempotencyKey");

  static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  public SmsSettings {
    url = url == null ? Optional.empty() : url;
    bodyTemplate = bodyTemplate == null || bodyTemplate.isBlank() ? DEFAULT_BODY_TEMPLATE : bodyTemplate;
    contentType = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType.strip();
    authHeader = authHeader == null ? Secret.of("") : authHeader;
    Set<String> unknown = unknownPlaceholders(bodyTemplate);
    if (!unknown.isEmpty()) {
      throw new ConfigException("sink.sms.body-template: unknown placeholders " + unknown + ", known are " + new TreeSet<>(PLACEHOLDERS));
    }
  }

  public static SmsSettings from(LayeredConfig config) {
    Optional<URI> url = config.find("sink.sms.url").map(String::strip).map(raw -> HttpDelivery.httpUrl(raw)
        .orElseThrow(() -> new ConfigException(config.origin("sink.sms.url")
            + ": field 'sink.sms.url': expected an absolute http(s) URL")));
    String template = config.find("sink.sms.body-template").orElse(DEFAULT_BODY_TEMPLATE);
    Set<String> unknown = unknownPlaceholders(template);
    if (!unknown.isEmpty()) {
      throw new ConfigException(config.origin("sink.sms.body-template") + ": field 'sink.sms.body-template': unknown placeholders "
          + unknown + ", known are " + new TreeSet<>(PLACEHOLDERS));
    }
    return new SmsSettings(url, template, config.find("sink.sms.content-type").orElse(DEFAULT_CONTENT_TYPE),
        Secret.of(config.find("sink.sms.auth-header").map(String::strip).orElse("")));
  }

  private static Set<String> unknownPlaceholders(String template) {
    Set<String> unknown = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        unknown.add(m.group(1));
      }
    }
    return unknown;
  }

  /** Without the URL's path and query: some providers put an API key there. */
  @Override
  public String toString() {
    return "SmsSettings[url=" + url.map(HttpDelivery::redact).orElse("") + ", bodyTemplate=" + bodyTemplate
        + ", contentType=" + contentType + ", authHeader=" + authHeader + "]";
  }
}
