package io.leadflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.Topics;
import io.leadflow.sink.channels.WebhookSignature;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Every channel, built by {@link SinkApp} from config, against real peers on loopback: GreenMail for SMTP and one
 * HTTP server standing in for Slack, the SMS provider and a CRM webhook, which checks signatures and payloads. The
 * webhook is down for a stretch and recovers; the SMS provider refuses one number for good. Known secrets are then
 * looked for in every log line and every record the sink wrote.
 */
class SinkChannelsIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SMTP_PASSWORD = "smtp-pw-4f7a1c";
  private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SLACK_TOKEN = "T0001/B0001/slackTokenXyz987";
  private static final String SMS_AUTH = "Bearer sms-token-31337";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static GreenMail smtp;
  private static HttpServer http;
  private static final AtomicBoolean webhookDown = new AtomicBoolean();
  private static final List<String> webhookIdsSeen = new CopyOnWriteArrayList<>();
  private static final Map<String, Boolean> webhooksVerified = new ConcurrentHashMap<>();
  private static final List<JsonNode> slackPayloads = new CopyOnWriteArrayList<>();
  private static final List<JsonNode> smsPayloads = new CopyOnWriteArrayList<>();
  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void peers() throws Exception {
    KAFKA.createTopics(List.of(Topics.REP_ALERTS, Topics.NOTIFICATION_RETRIES, Topics.NOTIFICATION_DELIVERIES,
        Topics.NOTIFICATION_DLQ).stream().map(t -> t.newTopic(2, KAFKA.replicationFactor())).toArray(NewTopic[]::new));
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    smtp.setUser("leadflow@leadflow.de", "leadflow", SMTP_PASSWORD);

    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/crm/hook", exchange -> {
      String body = read(exchange.getRequestBody());
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      webhookIdsSeen.add(id);
      int status = webhookDown.get() ? 503 : 204;
      if (status == 204) {
        webhooksVerified.put(id, WebhookSignature.verify(io.leadflow.sink.Secret.of(WEBHOOK_SECRET), id,
            exchange.getRequestHeaders().getFirst("webhook-timestamp"), body,
            exchange.getRequestHeaders().getFirst("webhook-signature"), Duration.ofMinutes(5), Instant.now()));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    http.createContext("/services/" + SLACK_TOKEN, exchange -> {
      slackPayloads.add(JSON.readTree(read(exchange.getRequestBody())));
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
      exchange.close();
    });
    http.createContext("/sms", exchange -> {
      JsonNode sms = JSON.readTree(read(exchange.getRequestBody()));
      boolean authorized = SMS_AUTH.equals(exchange.getRequestHeaders().getFirst("Authorization"));
      boolean refused = sms.path("to").asText().endsWith("0000");
      if (authorized && !refused) {
        smsPayloads.add(sms);
      }
      exchange.sendResponseHeaders(!authorized ? 401 : refused ? 400 : 202, -1);
      exchange.close();
    });
    http.start();

    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
  }

  @AfterAll
  static void stopPeers() {
    smtp.stop();
    http.stop(0);
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  private static String read(InputStream in) throws java.io.IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String base() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private static LayeredConfig config() {
    return LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("sink.channels", "email, sms, slack, webhook")
        .with("sink.retry.backoff", "300ms, 600ms, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s")
        .with("sink.rate-limit.slack", "100")
        .with("sink.email.host", "127.0.0.1")
        .with("sink.email.port", String.valueOf(smtp.getSmtp().getPort()))
        .with("sink.email.username", "leadflow")
        .with("sink.email.password", SMTP_PASSWORD)
        .with("sink.email.from", "leadflow@leadflow.de")
        .with("sink.webhook.secret", WEBHOOK_SECRET)
        .with("sink.slack.webhook-url", base() + "/services/" + SLACK_TOKEN)
        .with("sink.sms.url", base() + "/sms")
        .with("sink.sms.auth-header", SMS_AUTH);
  }

  private static RepAlert alert(int i, String phone) {
    List<NotificationChannel> channels = List.of(
        new NotificationChannel(ChannelType.EMAIL, "rep" + i + "@leadflow.de"),
        new NotificationChannel(ChannelType.SMS, phone),
        new NotificationChannel(ChannelType.SLACK, "U0REP" + i),
        new NotificationChannel(ChannelType.WEBHOOK, base() + "/crm/hook"));
    return RepAlert.newBuilder().setAlertId("assignment:lead-" + i + "@rep-" + i).setType(AlertType.ASSIGNMENT)
        .setRepId("rep-" + i).setRepName("Rep " + i).setLeadId("lead-" + i)
        .setPriority(i % 2 == 0 ? Priority.HIGH : Priority.NORMAL).setCompanyName("Acme " + i + " GmbH")
        .setTotalScore(80.0 + i).setChannels(channels).setLocale(i % 2 == 0 ? "de" : "en")
        .setCreatedAt(Instant.now()).build();
  }

  @Test
  void everyChannelDeliversToItsPeerThroughAnOutageAndNoSecretLeaks() throws Exception {
    webhookDown.set(true);
    int alerts = 10;
    List<RepAlert> sent = new ArrayList<>();
    for (int i = 0; i < alerts; i++) {
      sent.add(alert(i, i == 3 ? "+49 151 0000" : "+49 151 1234" + i)); // the provider refuses ...0000 for good
    }
    try (NotificationSink sink = SinkApp.service(config());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      sink.start(TIMEOUT);
      for (RepAlert alert : sent) {
        producer.send(new ProducerRecord<>(Topics.REP_ALERTS.name(), alert.getRepId().getBytes(StandardCharsets.UTF_8),
            Topics.REP_ALERTS.valueSerde().serializer().serialize(Topics.REP_ALERTS.name(), alert)));
      }
      producer.flush();

      // The other channels do not wait for the webhook.
      await().atMost(TIMEOUT).until(() -> smtp.getReceivedMessages().length == alerts
          && slackPayloads.size() == alerts && smsPayloads.size() == alerts - 1);
      assertThat(webhooksVerified).isEmpty();
      Thread.sleep(1000);
      webhookDown.set(false);
      await().atMost(TIMEOUT).until(() -> webhooksVerified.size() == alerts);
    }

    // Webhooks: every one verified; retries reused the id.
    assertThat(webhooksVerified.values()).containsOnly(true);
    assertThat(webhooksVerified.keySet()).containsExactlyInAnyOrderElementsOf(
        sent.stream().map(a -> a.getAlertId() + "/WEBHOOK").toList());
    assertThat(webhookIdsSeen.size()).as("failed attempts before recovery").isGreaterThan(alerts);
    assertThat(webhookIdsSeen).allMatch(webhooksVerified::containsKey);

    // Email: subject from the templates, idempotency header.
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isNotBlank();
    assertThat(mail.getHeader("X-Idempotency-Key")[0]).endsWith("/EMAIL");

    // Slack: Block Kit with a header and the member mentioned.
    assertThat(slackPayloads).allSatisfy(payload -> {
      assertThat(payload.path("blocks").isArray()).isTrue();
      assertThat(payload.path("blocks").get(0).path("type").asText()).isEqualTo("header");
      assertThat(payload.toString()).contains("<@U0REP");
    });

    // SMS: short, and the refused number ended in the DLQ.
    assertThat(smsPayloads).allSatisfy(sms -> assertThat(sms.path("text").asText().length()).isLessThanOrEqualTo(160));
    List<ConsumerRecord<byte[], byte[]>> dead = KAFKA.readAll(Topics.NOTIFICATION_DLQ.name(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer(), 1, TIMEOUT);
    assertThat(dead).singleElement().satisfies(record -> {
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(sent.get(3).getAlertId() + "/SMS");
      assertThat(header(record, "leadflow.status-code")).isEqualTo("400");
    });

    // No secret in any log line, delivery record or DLQ record.
    List<String> written = new ArrayList<>();
    logs.list.forEach(event -> {
      written.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        written.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    });
    KAFKA.readAll(Topics.NOTIFICATION_DELIVERIES.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer(),
            alerts * 4, TIMEOUT)
        .forEach(record -> written.add(Topics.NOTIFICATION_DELIVERIES.valueSerde().deserializer()
            .deserialize("t", record.value()).toString()));
    dead.forEach(record -> record.headers().forEach(h -> written.add(new String(h.value(), StandardCharsets.UTF_8))));
    assertThat(written).isNotEmpty();
    for (String secret : List.of(SMTP_PASSWORD, WEBHOOK_SECRET, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SLACK_TOKEN,
        "slackTokenXyz987", SMS_AUTH, "sms-token-31337")) {
      assertThat(written).noneMatch(line -> line.contains(secret));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
