package io.leadflow.cli;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import io.leadflow.platform.topics.ValueFormat;
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

  /**
   * defaults → --config file → LEADFLOW_* / KAFKA_* environment → flags. Also selects the public topics' value
   * format ({@code serde.*}) for this process, so that every command reads and writes what the services do.
   */
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
    LayeredConfig config = builder.overrides(flags).build();
    Topics.useValueFormat(ValueFormat.from(config));
    return config;
  }

  public boolean hasBootstrapServers() {
    return bootstrapServers != null;
  }
}
