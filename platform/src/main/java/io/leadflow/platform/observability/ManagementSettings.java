package io.leadflow.platform.observability;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code management.port} (env {@code LEADFLOW_MANAGEMENT_PORT}): the port of /metrics and /health/*; 0 picks a free
 * one, a negative value or {@code off} turns the endpoints off. {@code management.host}: the address to bind
 * (all interfaces by default, so a container's port mapping and healthcheck reach it).
 */
public record ManagementSettings(String host, int port) {

  public static final String PORT = "management.port";
  public static final String HOST = "management.host";

  /** Empty when the endpoints are off. */
  public static Optional<ManagementSettings> from(LayeredConfig config) {
    String raw = config.find(PORT).orElse("off").strip().toLowerCase(Locale.ROOT);
    if (raw.equals("off")) {
      return Optional.empty();
    }
    int port;
    try {
      port = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException(config.origin(PORT) + ": field '" + PORT + "' must be a port number, 0 (any free port) "
          + "or off, got '" + raw + "'");
    }
    if (port > 65535) {
      throw new ConfigException(config.origin(PORT) + ": field '" + PORT + "' must be at most 65535, got " + port);
    }
    return port < 0 ? Optional.empty() : Optional.of(new ManagementSettings(config.find(HOST).orElse("0.0.0.0"), port));
  }
}
