package io.leadflow.sink.channels;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RepAlert;
import io.leadflow.sink.DeliveryException;
import io.leadflow.sink.Notifier;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts as plain-text email over SMTP (Angus Mail), one connection per message, to the channel's address.
 *
 * <p>Retries are recognisable: every attempt for the same (alert, channel) carries the same {@code Message-ID}
 * ({@code <sha256(key)@leadflow>}) and an {@code X-Idempotency-Key} header, so mail servers and clients that
 * de-duplicate by Message-ID show one message.
 *
 * <p>Failures: no connection, timeouts, other I/O errors and SMTP 4xx replies are retryable; a malformed address and
 * SMTP 5xx replies (550 user unknown, 535 bad credentials) are permanent. Thread-safe: the session is shared, each
 * delivery opens its own transport.
 */
public final class EmailNotifier implements Notifier {

  public static final String IDEMPOTENCY_HEADER = "X-Idempotency-Key";

  private static final Logger LOG = LoggerFactory.getLogger(EmailNotifier.class);
  private static final Pattern LEADING_REPLY_CODE = Pattern.compile("^\\s*([245]\\d\\d)[\\s-]");

  private final EmailSettings settings;
  private final Session session;
  private final String protocol;
  private final InternetAddress from;
  private final Clock clock;

  public EmailNotifier(EmailSettings settings) {
    this(settings, Clock.systemUTC());
  }

  public EmailNotifier(EmailSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.protocol = EmailSettings.SMTPS.equals(settings.tls()) ? "smtps" : "smtp";
    try {
      this.from = new InternetAddress(settings.from(), true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("sink.email.from is not a valid email address: " + e.getMessage(), e);
    }
    this.session = Session.getInstance(sessionProperties(settings, protocol));
    if (settings.authenticates() && EmailSettings.NONE.equals(settings.tls())) {
      LOG.warn("email channel logs in to {}:{} without TLS: the password crosses the network in clear text",
          settings.host(), settings.port());
    }
  }

  private static Properties sessionProperties(EmailSettings settings, String protocol) {
    String prefix = "mail." + protocol + ".";
    String timeoutMillis = Long.toString(settings.timeout().toMillis());
    Properties props = new Properties();
    props.setProperty("mail.transport.protocol", protocol);
    props.setProperty(prefix + "host", settings.host());
    props.setProperty(prefix + "port", Integer.toString(settings.port()));
    props.setProperty(prefix + "connectiontimeout", timeoutMillis);
    props.setProperty(prefix + "timeout", timeoutMillis);
    props.setProperty(prefix + "writetimeout", timeoutMillis);
    props.setProperty(prefix + "auth", Boolean.toString(settings.authenticates()));
    if (!EmailSettings.NONE.equals(settings.tls())) {
      props.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    if (EmailSettings.STARTTLS.equals(settings.tls())) {
      // Required, not just enabled: never fall back to sending the password and the alert in clear text.
      props.setProperty(prefix + "starttls.enable", "true");
      props.setProperty(prefix + "starttls.required", "true");
    }
    return props;
  }

  @Override
  public ChannelType channel() {
    return ChannelType.EMAIL;
  }

  @Override
  public void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) throws DeliveryException {
    InternetAddress to = recipient(channel.getAddress());
    MimeMessage message = message(alert, to, idempotencyKey);
    Transport transport = null;
    try {
      transport = session.getTransport(protocol);
      if (settings.authenticates()) {
        transport.connect(settings.host(), settings.port(), settings.username(), settings.password().reveal());
      } else {
        transport.connect(settings.host(), settings.port(), null, null);
      }
      transport.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException e) {
      throw classify(e, to);
    } finally {
      closeQuietly(transport);
    }
  }

  /** After the server took the message a failing QUIT must not turn the delivery into a retry (a duplicate mail). */
  private static void closeQuietly(Transport transport) {
    if (transport == null) {
      return;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      LOG.debug("closing the SMTP connection failed: {}", e.getClass().getSimpleName());
    }
  }

  /** The alert as a message with a Message-ID that is the same on every attempt. */
  private MimeMessage message(RepAlert alert, InternetAddress to, String idempotencyKey) throws DeliveryException {
    MessageTemplates.Email email = MessageTemplates.email(alert);
    try {
      MimeMessage message = new FixedIdMessage(session, messageId(idempotencyKey));
      message.setFrom(from);
      message.setRecipient(MimeMessage.RecipientType.TO, to);
      message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
      message.setText(email.text(), StandardCharsets.UTF_8.name());
      message.setSentDate(Date.from(clock.instant()));
      message.setHeader(IDEMPOTENCY_HEADER, headerValue(idempotencyKey));
      // RFC 3834: out-of-office replies and other auto-responders must not answer an alert.
      message.setHeader("Auto-Submitted", "auto-generated");
      message.saveChanges();
      return message;
    } catch (MessagingException e) {
      throw DeliveryException.permanent("cannot build the alert email: " + redact(e.getMessage()), null, null);
    }
  }

  /** {@code <sha256-hex(key)@leadflow>}: stable across retries and restarts, and free of characters a header forbids. */
  public static String messageId(String idempotencyKey) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "<" + HexFormat.of().formatHex(hash) + "@leadflow>";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static InternetAddress recipient(String address) throws DeliveryException {
    if (address == null || address.isBlank()) {
      throw DeliveryException.permanent("email channel has no address", null, null);
    }
    try {
      InternetAddress parsed = new InternetAddress(address.strip(), true);
      parsed.validate();
      return parsed;
    } catch (AddressException e) {
      // The address itself stays out of the message: it is published with the delivery record.
      throw DeliveryException.permanent("email channel address is not a valid email address", null, null);
    }
  }

  /** Idempotency keys are ASCII in practice; anything else is encoded so the header stays valid. */
  private static String headerValue(String key) {
    String oneLine = key.replaceAll("[\\r\\n]+", " ");
    if (oneLine.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return oneLine;
    }
    try {
      return MimeUtility.encodeText(oneLine, StandardCharsets.UTF_8.name(), "Q");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("every Java platform has UTF-8", e);
    }
  }

  // ---------------------------------------------------------------------------------------------- failures

  private DeliveryException classify(MessagingException e, InternetAddress to) {
    String server = settings.host() + ":" + settings.port();
    // -1 (or anything outside 4xx/5xx) means the exception carries no real reply.
    Optional<Integer> code = replyCode(e).filter(reply -> reply >= 400 && reply < 600);
    if (code.isPresent()) {
      int reply = code.get();
      // Servers often echo the recipient ("550 <anna@example.com>: user unknown"); the record needs no address.
      String serverSays = redact(firstLine(deepestMessage(e))).replace(to.getAddress(), "recipient");
      String what = (e instanceof AuthenticationFailedException ? "SMTP login to " : "SMTP server ") + server
          + " replied: " + (serverSays.startsWith(Integer.toString(reply)) ? serverSays : reply + " " + serverSays);
      // Cause left out: the server's reply is all there is to know, and the exception chain repeats it verbatim.
      return reply >= 400 && reply < 500
          ? DeliveryException.retryable(what, reply, null, null)
          : DeliveryException.permanent(what, reply, null);
    }
    if (e instanceof AuthenticationFailedException) {
      return DeliveryException.permanent("SMTP login to " + server + " failed: " + redact(firstLine(e.getMessage())),
          null, null);
    }
    if (e instanceof SendFailedException failed && failed.getInvalidAddresses() != null
        && failed.getInvalidAddresses().length > 0) {
      return DeliveryException.permanent("SMTP server " + server + " refused the recipient", null, null);
    }
    Throwable io = ioCause(e);
    String why = io != null
        ? io.getClass().getSimpleName() + ": " + redact(firstLine(io.getMessage()))
        : redact(firstLine(e.getMessage()));
    // Not reached, timed out, connection dropped, TLS failed, or no reply code: the server may take it later.
    return DeliveryException.retryable("cannot send email via " + server + ": " + why, null, null, e);
  }

  /** The SMTP reply code of the failure, from Angus's exceptions or, failing that, the reply text itself. */
  private static Optional<Integer> replyCode(MessagingException e) {
    for (Throwable t : chain(e)) {
      if (t instanceof SMTPAddressFailedException failed) {
        return Optional.of(failed.getReturnCode());
      }
      if (t instanceof SMTPSenderFailedException failed) {
        return Optional.of(failed.getReturnCode());
      }
      if (t instanceof SMTPSendFailedException failed) {
        return Optional.of(failed.getReturnCode());
      }
    }
    if (e instanceof AuthenticationFailedException && e.getMessage() != null) {
      Matcher m = LEADING_REPLY_CODE.matcher(e.getMessage());
      if (m.find()) {
        return Optional.of(Integer.parseInt(m.group(1)));
      }
    }
    return Optional.empty();
  }

  private static Throwable ioCause(Throwable e) {
    for (Throwable t : chain(e)) {
      if (t instanceof IOException) {
        return t;
      }
    }
    return null;
  }

  private static String deepestMessage(MessagingException e) {
    String message = e.getMessage();
    for (Throwable t : chain(e)) {
      if (t instanceof MessagingException && t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }

  /** Causes and next exceptions (MessagingException keeps both), each once. */
  private static Iterable<Throwable> chain(Throwable start) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> order = new ArrayList<>();
    Deque<Throwable> todo = new ArrayDeque<>();
    todo.add(start);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (t == null || !seen.add(t)) {
        continue;
      }
      order.add(t);
      if (t instanceof MessagingException m && m.getNextException() != null) {
        todo.add(m.getNextException());
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
    }
    return order;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip().split("\\R", 2)[0];
    return line.length() <= 300 ? line : line.substring(0, 300) + "…";
  }

  /** Belt and braces: the password (plain or as AUTH sends it, base64) never reaches a message. */
  private String redact(String text) {
    if (text == null || settings.password().isEmpty()) {
      return text == null ? "" : text;
    }
    String password = settings.password().reveal();
    String redacted = text.replace(password, "***");
    Base64.Encoder base64 = Base64.getEncoder();
    for (String encoded : List.of(
        base64.encodeToString(("\0" + settings.username() + "\0" + password).getBytes(StandardCharsets.UTF_8)), // AUTH PLAIN
        base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)))) { // AUTH LOGIN
      redacted = redacted.replace(encoded, "***");
    }
    return redacted;
  }

  /** A message whose Message-ID survives {@link MimeMessage#saveChanges()}, which would otherwise make a new one. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
