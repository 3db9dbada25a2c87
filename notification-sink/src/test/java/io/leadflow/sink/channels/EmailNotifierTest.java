package io.leadflow.sink.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.sink.AlertKeys;
import io.leadflow.sink.DeliveryException;
import io.leadflow.sink.Secret;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailNotifierTest {

  private static final String PASSWORD = "s3cr3t-Pa55word";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private GreenMail smtp;

  @BeforeEach
  void startSmtpServer() {
    // Port 0: the OS picks a free port, so parallel builds on this machine do not collide.
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void stopSmtpServer() {
    smtp.stop();
  }

  private int port() {
    return smtp.getSmtp().getPort();
  }

  private static EmailSettings settings(int port, String username, String password) {
    return new EmailSettings("127.0.0.1", port, "none", username, Secret.of(password), "leadflow@example.org", TIMEOUT);
  }

  private static NotificationChannel email(String address) {
    return NotificationChannel.newBuilder().setType(ChannelType.EMAIL).setAddress(address).build();
  }

  private static RepAlert alert(NotificationChannel channel) {
    return RepAlert.newBuilder()
        .setAlertId("assignment:lead-123@general#1")
        .setType(AlertType.ASSIGNMENT)
        .setRepId("rep-anna")
        .setRepName("Anna Berger")
        .setLeadId("lead-123")
        .setPriority(Priority.HIGH)
        .setCompanyName("Müller & Söhne GmbH")
        .setTotalScore(87.0)
        .setChannels(List.of(channel))
        .setLocale("de")
        .setDetails(Map.of("pool", "dach"))
        .setCreatedAt(Instant.parse("2026-01-05T09:00:00Z"))
        .build();
  }

  @Test
  void sendsTheAlertWithAStableMessageIdAndTheIdempotencyKey() throws Exception {
    NotificationChannel channel = email("anna@example.com");
    RepAlert alert = alert(channel);
    String key = AlertKeys.idempotencyKey(alert, channel);
    EmailNotifier notifier = new EmailNotifier(settings(port(), "", ""));

    notifier.deliver(alert, channel, key);
    notifier.deliver(alert, channel, key); // a retry

    assertThat(smtp.waitForIncomingEmail(TIMEOUT.toMillis(), 2)).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    MessageTemplates.Email expected = MessageTemplates.email(alert);
    for (MimeMessage mail : received) {
      assertThat(mail.getSubject()).isEqualTo(expected.subject()).contains("DRINGEND", "Müller & Söhne GmbH");
      // Compared without the final line break, which the SMTP transfer may drop.
      assertThat(((String) mail.getContent()).replace("\r\n", "\n").strip()).isEqualTo(expected.text().strip());
      assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("anna@example.com");
      assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("leadflow@example.org");
      assertThat(mail.getHeader(EmailNotifier.IDEMPOTENCY_HEADER)).containsExactly(key);
      assertThat(mail.getMessageID()).isEqualTo(EmailNotifier.messageId(key)).matches("<[0-9a-f]{64}@leadflow>");
      assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    }
    assertThat(received[0].getMessageID()).isEqualTo(received[1].getMessageID());
    assertThat(EmailNotifier.messageId(key)).isNotEqualTo(EmailNotifier.messageId(key.replace("EMAIL", "SMS")));
    assertThat(notifier.channel()).isEqualTo(ChannelType.EMAIL);
  }

  @Test
  void logsInWithSmtpAuth() throws Exception {
    smtp.setUser("leadflow@example.org", "leadflow", PASSWORD);
    NotificationChannel channel = email("rep@example.com");
    RepAlert alert = alert(channel);

    new EmailNotifier(settings(port(), "leadflow", PASSWORD)).deliver(alert, channel, "k1");

    assertThat(smtp.waitForIncomingEmail(TIMEOUT.toMillis(), 1)).isTrue();
    assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0])).isNotBlank();
  }

  @Test
  void aWrongPasswordIsPermanentAndNotRepeated() {
    smtp.setUser("leadflow@example.org", "leadflow", "the-right-one");
    NotificationChannel channel = email("rep@example.com");

    DeliveryException failure = catchThrowableOfType(DeliveryException.class,
        () -> new EmailNotifier(settings(port(), "leadflow", PASSWORD)).deliver(alert(channel), channel, "k1"));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).startsWith("SMTP login to 127.0.0.1:" + port() + " replied: 535");
    assertThat(failure.statusCode()).contains(535);
    assertNoPassword(failure);
  }

  @Test
  void aStoppedServerIsRetryable() {
    int port = port();
    smtp.stop();
    NotificationChannel channel = email("rep@example.com");

    DeliveryException failure = catchThrowableOfType(DeliveryException.class,
        () -> new EmailNotifier(settings(port, "leadflow", PASSWORD)).deliver(alert(channel), channel, "k1"));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).contains("127.0.0.1:" + port);
    assertNoPassword(failure);
  }

  @Test
  void anInvalidAddressIsPermanent() {
    for (String address : List.of("not an address", "anna@@example.com", "", "a@example.com, b@example.com")) {
      NotificationChannel channel = email(address);

      DeliveryException failure = catchThrowableOfType(DeliveryException.class,
          () -> new EmailNotifier(settings(port(), "leadflow", PASSWORD)).deliver(alert(channel), channel, "k1"));

      assertThat(failure.retryable()).as(address).isFalse();
      assertNoPassword(failure);
    }
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void smtpReplyCodesDecideRetries() throws Exception {
    NotificationChannel channel = email("gone@example.com");
    try (ScriptedSmtpServer server = new ScriptedSmtpServer("550 5.1.1 <gone@example.com>: user unknown")) {
      DeliveryException failure = catchThrowableOfType(DeliveryException.class,
          () -> new EmailNotifier(settings(server.port(), "", "")).deliver(alert(channel), channel, "k1"));

      assertThat(failure.retryable()).isFalse();
      assertThat(failure.statusCode()).contains(550);
      assertThat(failure.getMessage())
          .isEqualTo("SMTP server 127.0.0.1:" + server.port() + " replied: 550 5.1.1 <recipient>: user unknown");
    }
    try (ScriptedSmtpServer server = new ScriptedSmtpServer("451 4.3.0 mailbox busy, try again later")) {
      DeliveryException failure = catchThrowableOfType(DeliveryException.class,
          () -> new EmailNotifier(settings(server.port(), "", "")).deliver(alert(channel), channel, "k1"));

      assertThat(failure.retryable()).isTrue();
      assertThat(failure.statusCode()).contains(451);
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutRetryably() throws Exception {
    NotificationChannel channel = email("rep@example.com");
    // Connections land in the backlog but nobody accepts them: the greeting never comes.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      EmailSettings impatient = new EmailSettings("127.0.0.1", silent.getLocalPort(), "none", "", Secret.of(""),
          "leadflow@example.org", Duration.ofMillis(300));

      DeliveryException failure = catchThrowableOfType(DeliveryException.class,
          () -> new EmailNotifier(impatient).deliver(alert(channel), channel, "k1"));

      assertThat(failure.retryable()).isTrue();
      assertThat(failure.getMessage()).contains("SocketTimeoutException");
    }
  }

  @Test
  void settingsComeFromConfigAndNeverPrintThePassword() {
    LayeredConfig config = LayeredConfig.builder()
        .environment(Map.of("LEADFLOW_SINK_EMAIL_PASSWORD", PASSWORD, "LEADFLOW_SINK_EMAIL_USERNAME", "leadflow",
            "LEADFLOW_SINK_EMAIL_TLS", "STARTTLS", "LEADFLOW_SINK_EMAIL_PORT", "587"))
        .build();

    EmailSettings settings = EmailSettings.from(config);

    assertThat(settings.password().reveal()).isEqualTo(PASSWORD);
    assertThat(settings).extracting(EmailSettings::host, EmailSettings::port, EmailSettings::tls, EmailSettings::username,
        EmailSettings::from, EmailSettings::timeout)
        .containsExactly("localhost", 587, "starttls", "leadflow", "leadflow@localhost", Duration.ofSeconds(10));
    assertThat(settings.toString()).doesNotContain(PASSWORD).contains("***");

    EmailSettings defaults = EmailSettings.from(LayeredConfig.defaults());
    assertThat(defaults.port()).isEqualTo(25);
    assertThat(defaults.tls()).isEqualTo("none");
    assertThat(defaults.authenticates()).isFalse();
    assertThat(defaults.password().isEmpty()).isTrue();

    assertThatThrownBy(() -> EmailSettings.from(config.with("sink.email.tls", "ssl")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("none, starttls or smtps")
        .satisfies(e -> assertNoPassword(e));
  }

  private static void assertNoPassword(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
      assertThat(t.toString()).doesNotContain(PASSWORD);
    }
  }

  /** An SMTP server that accepts everything up to RCPT TO and then answers with one fixed reply. */
  private static final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    ScriptedSmtpServer(String rcptReply) throws Exception {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> serve(rcptReply), "scripted-smtp");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve(String rcptReply) {
      try (Socket client = socket.accept();
          BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
          PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
        reply(out, "220 scripted ESMTP");
        List<String> commands = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
          commands.add(command);
          switch (command) {
            case "EHLO", "HELO" -> reply(out, "250 scripted");
            case "MAIL" -> reply(out, "250 2.1.0 ok");
            case "RCPT" -> reply(out, rcptReply);
            case "RSET", "NOOP" -> reply(out, "250 ok");
            case "QUIT" -> {
              reply(out, "221 bye");
              return;
            }
            default -> reply(out, "502 5.5.2 not implemented");
          }
        }
      } catch (Exception e) {
        // the test has finished with the server
      }
    }

    private static void reply(PrintWriter out, String line) {
      out.print(line + "\r\n");
      out.flush();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(TIMEOUT.toMillis());
    }
  }
}
