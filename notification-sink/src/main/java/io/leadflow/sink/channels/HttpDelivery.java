package io.leadflow.sink.channels;

import io.leadflow.sink.DeliveryException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * POSTs one delivery over HTTP and turns the outcome into success or a {@link DeliveryException}: 2xx is success;
 * 408, 425, 429, 5xx and I/O errors (refused connections, timeouts) are retryable, with the peer's
 * {@code Retry-After} on 429 and 503; every other status is permanent. Redirects are not followed, so a signed
 * request never travels to a host it was not meant for.
 *
 * <p>URLs of Slack webhooks and many CRMs carry their credential in the path or query, so exception messages name
 * only {@code scheme://host[:port]} and at most {@value #BODY_EXCERPT_CHARS} characters of the response body.
 *
 * <p>One instance (one {@link HttpClient} with its connection pool) is shared by all notifiers; it is thread-safe.
 */
public final class HttpDelivery {

  public static final int BODY_EXCERPT_CHARS = 200;
  /** Enough of an error body for a useful message; the rest is discarded unread into memory. */
  private static final int BODY_CAPTURE_BYTES = 4096;
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
      "x-api-key", "api-key", "webhook-signature");
  private static final String USER_AGENT = "leadflow-notification-sink";
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,18}");
  private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .appendPattern("EEE MMM d HH:mm:ss yyyy").toFormatter(Locale.US);

  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;

  public HttpDelivery(HttpSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /** @param clock turns an HTTP-date {@code Retry-After} into a wait */
  public HttpDelivery(HttpSettings settings, Clock clock) {
    this.timeout = settings.timeout();
    this.clock = clock;
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * POSTs {@code body} to {@code url}.
   *
   * @param purpose what is being delivered, for messages, e.g. {@code "Slack message"}
   * @param headers request headers; values may be secret, they never appear in messages
   * @throws DeliveryException when the peer did not answer 2xx, saying whether a retry can help
   */
  public void post(String purpose, URI url, String body, Map<String, String> headers) throws DeliveryException {
    String target = purpose + " to " + redact(url);
    HttpRequest request;
    try {
      HttpRequest.Builder builder = HttpRequest.newBuilder(url)
          .timeout(timeout)
          .header("User-Agent", USER_AGENT)
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if ("http".equalsIgnoreCase(url.getScheme())) {
        // Plain-text HTTP/2 would mean an h2c upgrade on a POST, which some servers mishandle; TLS negotiates via ALPN.
        builder.version(HttpClient.Version.HTTP_1_1);
      }
      headers.forEach(builder::header);
      request = builder.build();
    } catch (IllegalArgumentException e) {
      // Deliberately no cause: its message may quote the URL or a header value.
      throw DeliveryException.permanent(target + " cannot be sent: invalid URL or header", null, null);
    }

    CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, info -> boundedBody());
    HttpResponse<String> response;
    try {
      // The request timeout ends at the response headers; this deadline also bounds reading the body.
      response = exchange.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw DeliveryException.retryable(target + " timed out after " + timeout, null, null, null);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw DeliveryException.retryable(target + " interrupted", null, null, null);
    } catch (ExecutionException e) {
      throw failed(target, url, e.getCause() == null ? e : e.getCause());
    }
    classify(target, url, headers, response);
  }

  private void classify(String target, URI url, Map<String, String> headers, HttpResponse<String> response)
      throws DeliveryException {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String message = target + " answered HTTP " + status + excerpt(response.body(), url, headers);
    if (status == 429 || status == 503) {
      Optional<Duration> retryAfter = response.headers().firstValue("Retry-After")
          .flatMap(value -> parseRetryAfter(value, clock.instant()));
      throw DeliveryException.retryable(message, status, retryAfter.orElse(null), null);
    }
    if (status == 408 || status == 425 || status >= 500) {
      throw DeliveryException.retryable(message, status, null, null);
    }
    if (status >= 300 && status < 400) {
      throw DeliveryException.permanent(message + " (redirects are not followed; configure the final URL)", status, null);
    }
    throw DeliveryException.permanent(message, status, null);
  }

  private static DeliveryException failed(String target, URI url, Throwable error) {
    Throwable cause = mentions(error, url) ? null : error;
    if (error instanceof HttpConnectTimeoutException) {
      return DeliveryException.retryable(target + " could not connect within the timeout", null, null, cause);
    }
    if (error instanceof HttpTimeoutException) {
      return DeliveryException.retryable(target + " timed out", null, null, cause);
    }
    if (error instanceof ConnectException) {
      return DeliveryException.retryable(target + " could not connect: " + describe(error, url), null, null, cause);
    }
    if (error instanceof IOException) {
      return DeliveryException.retryable(target + " failed: " + describe(error, url), null, null, cause);
    }
    return DeliveryException.permanent(target + " failed: " + describe(error, url), null, cause);
  }

  private static String describe(Throwable error, URI url) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + scrub(message, url));
  }

  /** Whether any message in the cause chain quotes the URL's path or query: then it must not be attached. */
  private static boolean mentions(Throwable error, URI url) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !scrub(message, url).equals(message)) {
        return true;
      }
    }
    return false;
  }

  /** The start of the response body, without anything the peer echoed of the URL or of credential headers. */
  private static String excerpt(String body, URI url, Map<String, String> headers) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String flat = scrub(body.strip().replaceAll("\\s+", " "), url);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (CREDENTIAL_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT)) && header.getValue().length() > 3) {
        flat = flat.replace(header.getValue(), "[redacted]");
      }
    }
    return ": " + (flat.length() > BODY_EXCERPT_CHARS ? flat.substring(0, BODY_EXCERPT_CHARS) + "…" : flat);
  }

  /** Removes the URL's secret-bearing parts (path, query, user info) from text meant for messages. */
  private static String scrub(String text, URI url) {
    String result = text;
    List<String> secrets = new ArrayList<>();
    secrets.add(url.toString());
    for (String part : new String[] {url.getRawPath(), url.getPath(), url.getRawQuery(), url.getQuery(),
        url.getRawUserInfo(), url.getRawFragment()}) {
      if (part != null && part.length() > 1) {
        secrets.add(part);
      }
    }
    for (String secret : secrets) {
      result = result.replace(secret, "[redacted]");
    }
    return result;
  }

  /** {@code scheme://host[:port]} only: what may be logged of a URL whose path or query may be a credential. */
  public static String redact(URI url) {
    if (url == null || url.getScheme() == null || url.getHost() == null) {
      return "[invalid URL]";
    }
    return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  /** An absolute http(s) URL with a host, or empty; never echoes the text (it may be a credential). */
  public static Optional<URI> httpUrl(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.strip());
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * A {@code Retry-After} value (RFC 9110 §10.2.3) as a wait from {@code now}: delta-seconds or an HTTP-date in
   * any of the three formats recipients must accept. A date in the past means no wait; anything else is empty.
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    if (DELTA_SECONDS.matcher(text).matches()) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    return parseHttpDate(text, now).map(date -> date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO);
  }

  private static Optional<Instant> parseHttpDate(String text, Instant now) {
    try {
      // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (the only format senders may generate).
      return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the obsolete formats
    }
    try {
      // Obsolete asctime: "Sun Nov  6 08:49:37 1994"; the day may be space-padded.
      return Optional.of(LocalDateTime.parse(text.replaceAll("\\s+", " "), ASCTIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // try RFC 850
    }
    try {
      // Obsolete RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; a two-digit year more than 50 years ahead is in the past.
      int thisYear = now.atZone(ZoneOffset.UTC).getYear();
      DateTimeFormatter rfc850 = new DateTimeFormatterBuilder().parseCaseInsensitive()
          .appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, thisYear - 49)
          .appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.US);
      return Optional.of(LocalDateTime.parse(text, rfc850).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      return Optional.empty();
    }
  }

  /** Keeps the first {@link #BODY_CAPTURE_BYTES} of the body and drains the rest, so a huge error page costs no memory. */
  private static BodySubscriber<String> boundedBody() {
    return BodySubscribers.fromSubscriber(new BodyPrefix(), BodyPrefix::text);
  }

  private static final class BodyPrefix implements Flow.Subscriber<List<ByteBuffer>> {
    private final byte[] captured = new byte[BODY_CAPTURE_BYTES];
    private int length;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        int take = Math.min(buffer.remaining(), captured.length - length);
        buffer.get(captured, length, take);
        length += take;
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    String text() {
      return new String(captured, 0, length, StandardCharsets.UTF_8);
    }
  }
}
