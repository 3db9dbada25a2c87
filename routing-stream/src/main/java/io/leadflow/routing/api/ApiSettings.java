package io.leadflow.routing.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The pool API's settings (docs/POOL.md "REST API"): bearer tokens per rep and for admins, from
 * {@code routing.api.tokens.<rep>} / {@code routing.api.admin-tokens} or a {@code routing.api.tokens-file}
 * (YAML: {@code reps: {rep-id: token}}, {@code admins: [token]}); how long a command waits for the pool's answer;
 * the host other instances reach this one at; and whether reads need a token too ({@code routing.api.read-auth}).
 * Tokens are secrets: {@link #toString()} leaves them out.
 */
public record ApiSettings(Map<String, String> repTokens, Set<String> adminTokens, Duration answerTimeout,
    String advertisedHost, boolean readAuth) {

  public static final String TOKEN_PREFIX = "routing.api.tokens.";

  public static ApiSettings from(LayeredConfig config) {
    Map<String, String> reps = new LinkedHashMap<>();
    Set<String> admins = new LinkedHashSet<>();
    config.startingWith(TOKEN_PREFIX).forEach((key, token) -> reps.put(key.substring(TOKEN_PREFIX.length()),
        token.toString().strip()));
    config.list("routing.api.admin-tokens").stream().filter(t -> !t.isBlank()).forEach(admins::add);
    config.find("routing.api.tokens-file").filter(f -> !f.isBlank()).ifPresent(file -> readFile(Path.of(file), reps, admins));
    Duration timeout = config.find("routing.api.answer-timeout").isPresent()
        ? config.duration("routing.api.answer-timeout") : Duration.ofSeconds(10);
    return new ApiSettings(Map.copyOf(reps), Set.copyOf(admins), timeout,
        config.find("routing.api.advertised-host").filter(h -> !h.isBlank()).orElse(null),
        config.find("routing.api.read-auth").filter(v -> !v.isBlank()).isPresent() && config.bool("routing.api.read-auth"));
  }

  private static void readFile(Path file, Map<String, String> reps, Set<String> admins) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException(file + ": field 'routing.api.tokens-file': cannot read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + ":1: expected a map with 'reps' and 'admins'");
    }
    root.path("reps").fields().forEachRemaining(entry -> {
      if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
        throw new ConfigException(file + ": field 'reps." + entry.getKey() + "': expected a non-empty token");
      }
      reps.put(entry.getKey(), entry.getValue().asText());
    });
    root.path("admins").forEach(token -> admins.add(token.asText()));
  }

  @Override
  public String toString() {
    return "ApiSettings[reps with tokens=" + repTokens.keySet() + ", admin tokens=" + adminTokens.size()
        + ", answerTimeout=" + answerTimeout + ", advertisedHost=" + advertisedHost + ", readAuth=" + readAuth + "]";
  }
}
