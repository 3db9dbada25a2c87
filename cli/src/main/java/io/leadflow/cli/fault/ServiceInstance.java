package io.leadflow.cli.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One {@code leadflow run SERVICE} child JVM and its readiness endpoint. */
final class ServiceInstance {

  private static final String MANAGEMENT_LINE = "metrics and health on ";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String service;
  private final ChildJvm jvm;

  ServiceInstance(String service, ChildJvm jvm) {
    this.service = service;
    this.jvm = jvm;
  }

  String service() {
    return service;
  }

  String name() {
    return jvm.name();
  }

  ChildJvm jvm() {
    return jvm;
  }

  void start() {
    jvm.start();
  }

  /** Until {@code /health/ready} answers 200: Streams RUNNING (state restored) and the broker reachable. */
  void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String line = jvm.awaitLine(MANAGEMENT_LINE, timeout);
    String base = line.substring(line.indexOf(MANAGEMENT_LINE) + MANAGEMENT_LINE.length()).split("/metrics")[0].strip();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(5)).build();
    while (System.nanoTime() < deadline) {
      if (!jvm.alive()) {
        throw new IllegalStateException(name() + " exited while starting");
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name() + " not ready within " + timeout);
  }
}
