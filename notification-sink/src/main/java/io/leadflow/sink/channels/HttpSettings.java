package io.leadflow.sink.channels;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import java.time.Duration;

/**
 * Settings shared by every HTTP delivery.
 *
 * @param timeout connect timeout and the deadline of a whole request/response exchange ({@code sink.http.timeout})
 */
public record HttpSettings(Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public HttpSettings {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new ConfigException("sink.http.timeout must be a positive duration");
    }
  }

  public static HttpSettings from(LayeredConfig config) {
    Duration timeout = config.find("sink.http.timeout").isPresent() ? config.duration("sink.http.timeout") : DEFAULT_TIMEOUT;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ConfigException(config.origin("sink.http.timeout") + ": field 'sink.http.timeout': expected a positive duration");
    }
    return new HttpSettings(timeout);
  }
}
