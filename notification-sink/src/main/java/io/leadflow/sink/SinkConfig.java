package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed settings of the notification sink, parsed once at start-up.
 *
 * @param ratePerSecond per channel: deliveries per second (a missing channel is not limited)
 * @param workersPerChannel threads per channel, so a slow channel never holds up another
 * @param maxOpenRecords alerts and retries read but not yet handled; above it the sink pauses reading
 */
public record SinkConfig(String groupId, Duration pollTimeout, RetryPolicy retryPolicy,
    Map<ChannelType, Double> ratePerSecond, int workersPerChannel, int maxOpenRecords, Duration shutdownGrace) {

  public static SinkConfig from(LayeredConfig config) {
    List<Duration> backoff = config.list("sink.retry.backoff").stream().map(text -> LayeredConfig.parseDuration(text)
        .orElseThrow(() -> new ConfigException(config.origin("sink.retry.backoff")
            + ": field 'sink.retry.backoff': '" + text + "' is not a duration such as 5s or 2m"))).toList();
    Map<ChannelType, Double> rates = new EnumMap<>(ChannelType.class);
    for (ChannelType channel : ChannelType.values()) {
      String key = "sink.rate-limit." + channel.name().toLowerCase(Locale.ROOT);
      if (config.find(key).isPresent()) {
        double rate = config.decimal(key);
        if (rate <= 0) {
          throw new ConfigException(config.origin(key) + ": field '" + key + "': must be above 0, got " + rate);
        }
        rates.put(channel, rate);
      }
    }
    return new SinkConfig(config.string("sink.group-id"), config.duration("sink.poll-timeout"),
        new RetryPolicy(backoff, config.decimal("sink.retry.jitter"), config.duration("sink.retry.max-retry-after")), rates, config.integer("sink.workers-per-channel"),
        config.integer("sink.max-open-records"), config.duration("sink.shutdown-grace"));
  }
}
