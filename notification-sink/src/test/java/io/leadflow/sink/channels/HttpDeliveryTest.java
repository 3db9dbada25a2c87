package io.leadflow.sink.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leadflow.sink.DeliveryException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDeliveryTest {

  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private LoopbackServer server;
  private HttpDelivery http;

  @BeforeEach
  void start() throws Exception {
    server = LoopbackServer.start();
    http = new HttpDelivery(new HttpSettings(TIMEOUT), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private DeliveryException failure(URI url) {
    return catchThrowableOfType(DeliveryException.class,
        () -> http.post("test message", url, "{\"a\":1}", Map.of("content-type", "application/json")));
  }

  private DeliveryException answering(LoopbackServer.Reply reply) {
    server.respond(request -> reply);
    return failure(server.url("/hook"));
  }

  @Test
  void twoHundredIsDeliveredWithBodyAndHeaders() throws Exception {
    server.respond(request -> LoopbackServer.Reply.of(200, "ok"));

    http.post("test message", server.url("/hook"), "{\"a\":1}", Map.of("content-type", "application/json", "X-Trace", "t-1"));

    assertThat(server.received()).singleElement().satisfies(request -> {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.body()).isEqualTo("{\"a\":1}");
      assertThat(request.header("content-type")).isEqualTo("application/json");
      assertThat(request.header("X-Trace")).isEqualTo("t-1");
    });
  }

  @Test
  void anyTwoHundredCodeIsSuccess() throws Exception {
    server.respond(request -> LoopbackServer.Reply.of(204, ""));

    http.post("test message", server.url("/hook"), "{}", Map.of());

    assertThat(server.received()).hasSize(1);
  }

  @Test
  void tooManyRequestsIsRetryableAfterTheSecondsTheServerAsks() {
    DeliveryException e = answering(LoopbackServer.Reply.of(429, "slow down", Map.of("Retry-After", "7")));

    assertThat(e.retryable()).isTrue();
    assertThat(e.statusCode()).contains(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void tooManyRequestsWithAnHttpDateWaitsUntilThatDate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(120).atZone(ZoneOffset.UTC));

    DeliveryException e = answering(LoopbackServer.Reply.of(429, "", Map.of("Retry-After", date)));

    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void tooManyRequestsWithoutRetryAfterIsRetryableWithoutAWait() {
    DeliveryException e = answering(LoopbackServer.Reply.of(429, ""));

    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void unavailableIsRetryableWithOrWithoutRetryAfter() {
    DeliveryException withHeader = answering(LoopbackServer.Reply.of(503, "maintenance", Map.of("Retry-After", "30")));
    DeliveryException without = answering(LoopbackServer.Reply.of(503, "maintenance"));

    assertThat(withHeader.retryable()).isTrue();
    assertThat(withHeader.statusCode()).contains(503);
    assertThat(withHeader.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(without.retryable()).isTrue();
    assertThat(without.retryAfter()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 425, 500, 502, 504})
  void timeoutsTooEarlyAndServerErrorsAreRetryable(int status) {
    DeliveryException e = answering(LoopbackServer.Reply.of(status, "try again"));

    assertThat(e.retryable()).isTrue();
    assertThat(e.statusCode()).contains(status);
    assertThat(e.getMessage()).contains("HTTP " + status).contains("try again");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 410, 422})
  void otherClientErrorsArePermanent(int status) {
    DeliveryException e = answering(LoopbackServer.Reply.of(status, "no_service"));

    assertThat(e.retryable()).isFalse();
    assertThat(e.statusCode()).contains(status);
    assertThat(e.getMessage()).contains("HTTP " + status).contains("no_service");
  }

  @Test
  void redirectsAreNotFollowed() {
    DeliveryException e = answering(LoopbackServer.Reply.of(302, "", Map.of("Location", "http://127.0.0.1:1/elsewhere")));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("redirects are not followed");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void aRefusedConnectionIsRetryable() {
    URI url = server.url("/hook");
    server.stop();

    DeliveryException e = failure(url);

    assertThat(e.retryable()).isTrue();
    assertThat(e.statusCode()).isEmpty();
    assertThat(e.getMessage()).contains("could not connect");
  }

  @Test
  void aServerSlowerThanTheTimeoutIsRetryable() {
    server.respond(request -> new LoopbackServer.Reply(200, "ok", Map.of(), Duration.ofSeconds(5)));
    long started = System.nanoTime();

    DeliveryException e = failure(server.url("/hook"));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void messagesNameOnlySchemeHostAndPortAndAShortBodyExcerpt() {
    URI secretUrl = server.url("/services/T000/B000/PATHSECRET?token=QUERYSECRET");
    server.respond(request -> LoopbackServer.Reply.of(404, "no_service for /services/T000/B000/PATHSECRET"));

    DeliveryException notFound = failure(secretUrl);
    server.respond(request -> LoopbackServer.Reply.of(500, "x".repeat(5000)));
    DeliveryException longBody = failure(secretUrl);
    server.stop();
    DeliveryException refused = failure(secretUrl);

    String origin = "http://127.0.0.1:" + secretUrl.getPort();
    for (DeliveryException e : new DeliveryException[] {notFound, longBody, refused}) {
      assertThat(e.getMessage()).contains(origin).doesNotContain("PATHSECRET", "QUERYSECRET", "/services", "token");
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        assertThat(String.valueOf(cause.getMessage())).doesNotContain("PATHSECRET", "QUERYSECRET");
      }
    }
    assertThat(notFound.getMessage()).contains("404").contains("no_service");
    assertThat(longBody.getMessage()).hasSizeLessThan(HttpDelivery.BODY_EXCERPT_CHARS + 100);
  }

  @Test
  void retryAfterAcceptsAllThreeHttpDateFormatsAndRejectsGarbage() {
    Instant now = Instant.parse("1994-11-06T08:49:00Z");

    assertThat(HttpDelivery.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now)).contains(Duration.ofSeconds(37));
    assertThat(HttpDelivery.parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now)).contains(Duration.ofSeconds(37));
    assertThat(HttpDelivery.parseRetryAfter("Sun Nov  6 08:49:37 1994", now)).contains(Duration.ofSeconds(37));
    assertThat(HttpDelivery.parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(HttpDelivery.parseRetryAfter(" 120 ", now)).contains(Duration.ofSeconds(120));
    assertThat(HttpDelivery.parseRetryAfter("0", now)).contains(Duration.ZERO);
    assertThat(HttpDelivery.parseRetryAfter("-5", now)).isEmpty();
    assertThat(HttpDelivery.parseRetryAfter("soon", now)).isEmpty();
    assertThat(HttpDelivery.parseRetryAfter("", now)).isEmpty();
    assertThat(HttpDelivery.parseRetryAfter(null, now)).isEmpty();
  }

  @Test
  void redactKeepsOnlySchemeHostAndPort() {
    assertThat(HttpDelivery.redact(URI.create("https://hooks.slack.com/services/T0/B0/xyz?x=1"))).isEqualTo("https://hooks.slack.com");
    assertThat(HttpDelivery.redact(URI.create("http://user:pw@127.0.0.1:8089/messages"))).isEqualTo("http://127.0.0.1:8089");
  }
}
