package io.leadflow.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code leadflow health}: GETs a service's readiness URL and exits 0 on 200, 1 otherwise. The container
 * HEALTHCHECK uses it because the JRE base image has neither curl nor wget.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Check a running service's readiness endpoint: exit 0 when ready (HTTP 200), 1 otherwise.")
final class HealthCommand implements Callable<Integer> {

  @Option(names = "--url", paramLabel = "URL",
      description = "Readiness URL; default http://localhost:$LEADFLOW_MANAGEMENT_PORT/health/ready (port 8080 when unset).")
  String url;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "3s",
      description = "How long to wait for an answer (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    URI target = URI.create(url != null ? url : defaultUrl(System.getenv("LEADFLOW_MANAGEMENT_PORT")));
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      boolean ready = response.statusCode() == 200;
      (ready ? spec.commandLine().getOut() : spec.commandLine().getErr())
          .println(target + ": " + response.statusCode() + (response.body().isBlank() ? "" : " " + response.body().strip()));
      return ready ? 0 : 1;
    } catch (java.io.IOException e) {
      spec.commandLine().getErr().println(target + ": not reachable (" + e.getClass().getSimpleName() + ")");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  static String defaultUrl(String port) {
    return "http://localhost:" + (port == null || port.isBlank() ? "8080" : port.strip()) + "/health/ready";
  }
}
