package io.leadflow.platform.observability;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether a broker of the cluster answers now. A Streams client whose broker went away stays RUNNING for a long
 * time (its threads retry), so readiness asks the cluster itself. Answers are cached briefly so that frequent
 * health checks do not turn into a request each.
 */
public final class BrokerProbe implements BooleanSupplier, AutoCloseable {

  private final Admin admin;
  private final Duration timeout;
  private final Duration cacheFor;
  private long checkedAtNanos;
  private boolean lastAnswer;
  private boolean checked;

  public BrokerProbe(Map<String, Object> clientProperties, Duration timeout) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "leadflow-health-probe");
    // Reconnect soon after the broker is back, and do not keep retrying a request past the probe's own timeout.
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    this.admin = Admin.create(props);
    this.timeout = timeout;
    this.cacheFor = Duration.ofSeconds(1);
  }

  @Override
  public synchronized boolean getAsBoolean() {
    long now = System.nanoTime();
    if (checked && now - checkedAtNanos < cacheFor.toNanos()) {
      return lastAnswer;
    }
    lastAnswer = ask();
    checked = true;
    checkedAtNanos = System.nanoTime();
    return lastAnswer;
  }

  private boolean ask() {
    try {
      return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
