package io.leadflow.platform.service;

/**
 * What a service says about itself to the health endpoints. {@code live} is false only when the service is dead
 * (a supervisor should restart it); {@code ready} is false while it cannot do its work now (starting, rebalancing
 * away, broker gone). {@code state} is a short word for the JSON body, e.g. the Kafka Streams state.
 */
public record HealthStatus(boolean live, boolean ready, String state) {

  public static HealthStatus of(boolean live, boolean ready, String state) {
    return new HealthStatus(live, ready && live, state);
  }
}
