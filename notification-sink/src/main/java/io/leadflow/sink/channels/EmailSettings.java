package io.leadflow.sink.channels;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.sink.Secret;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the email channel reaches its SMTP server ({@code sink.email.*}). The password is a {@link Secret}, so this
 * record prints it as {@code ***}; set it through {@code LEADFLOW_SINK_EMAIL_PASSWORD}, not in a file.
 *
 * @param tls {@code none} (plain SMTP, e.g. a local relay), {@code starttls} (upgrade required, usually port 587)
 *     or {@code smtps} (TLS from the first byte, usually port 465)
 * @param username empty: send without SMTP AUTH
 * @param timeout for connecting, each read and each write
 */
public record EmailSettings(String host, int port, String tls, String username, Secret password, String from,
    Duration timeout) {

  public static final String NONE = "none";
  public static final String STARTTLS = "starttls";
  public static final String SMTPS = "smtps";
  private static final Set<String> TLS_MODES = Set.of(NONE, STARTTLS, SMTPS);

  public EmailSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(timeout, "timeout");
    tls = tls.strip().toLowerCase(Locale.ROOT);
    username = username == null ? "" : username.strip();
    password = password == null ? Secret.of("") : password;
    if (host.isBlank()) {
      throw new IllegalArgumentException("SMTP host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SMTP port must be 1-65535, got " + port);
    }
    if (!TLS_MODES.contains(tls)) {
      throw new IllegalArgumentException("SMTP tls must be none, starttls or smtps, got '" + tls + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("SMTP timeout must be positive, got " + timeout);
    }
  }

  /** Reads {@code sink.email.host|port|tls|username|password|from|timeout}; a bad value names its origin. */
  public static EmailSettings from(LayeredConfig config) {
    try {
      return new EmailSettings(
          config.string("sink.email.host"),
          config.integer("sink.email.port"),
          config.string("sink.email.tls"),
          config.find("sink.email.username").orElse(""),
          Secret.of(config.find("sink.email.password").orElse("")),
          config.string("sink.email.from"),
          config.duration("sink.email.timeout"));
    } catch (IllegalArgumentException e) {
      // Messages of the checks above never contain the password: it is not checked.
      throw new ConfigException("sink.email: " + e.getMessage(), e);
    }
  }

  /** Whether to log in with SMTP AUTH. */
  public boolean authenticates() {
    return !username.isEmpty();
  }
}
