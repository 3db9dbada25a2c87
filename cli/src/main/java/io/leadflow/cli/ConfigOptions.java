package io.leadflow.cli;

import io.leadflow.platform.config.LayeredConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares; they are the last config layer. */
public final class ConfigOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file (layered over the defaults).")
  Path configFile;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]", description = "Kafka cluster to use.")
  String bootstrapServers;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set scoring.mql-threshold=60.")
  Map<String, String> settings = new LinkedHashMap<>();

  /** defaults → --config file → LEADFLOW_* / KAFKA_* environment → flags. */
  public LayeredConfig load() {
    LayeredConfig.Builder builder = LayeredConfig.builder();
    if (configFile != null) {
      builder.file(configFile);
    }
    builder.environment(System.getenv());
    Map<String, String> flags = new LinkedHashMap<>(settings);
    if (bootstrapServers != null) {
      flags.put("kafka.bootstrap.servers", bootstrapServers);
    }
    return builder.overrides(flags).build();
  }

  public boolean hasBootstrapServers() {
    return bootstrapServers != null;
  }
}
