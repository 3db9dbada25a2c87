package io.leadflow.platform.topics;

import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.schemas.AvroSerde;
import io.leadflow.schemas.RegistryAvroSerde;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * How the values of leadflow's public topics are encoded (config {@code serde.*}, docs/SCHEMA-REGISTRY.md):
 * Avro single-object encoding (the default, no registry) or the Confluent framing through an Apicurio Registry.
 * Internal topics (changelogs, repartitions) always use single-object encoding: only leadflow reads them.
 */
public final class ValueFormat {

  public enum Kind { SINGLE_OBJECT, REGISTRY }

  /** Settings under this prefix go to Apicurio's serde unchanged (auth, TLS, retries). */
  public static final String APICURIO_PREFIX = "apicurio.registry.";

  public static final ValueFormat SINGLE_OBJECT = new ValueFormat(Kind.SINGLE_OBJECT, Map.of(), null);

  private static final Map<String, String> STRATEGIES = Map.of(
      "topic", "io.apicurio.registry.serde.strategy.TopicIdStrategy",
      "record", "io.apicurio.registry.serde.avro.strategy.RecordIdStrategy",
      "topic-record", "io.apicurio.registry.serde.avro.strategy.TopicRecordIdStrategy");

  private final Kind kind;
  private final Map<String, Object> registrySettings;
  private final RegistryClientFacade client;
  private final Map<String, Serde<?>> serdes = new ConcurrentHashMap<>();

  private ValueFormat(Kind kind, Map<String, Object> registrySettings, RegistryClientFacade client) {
    this.kind = kind;
    this.registrySettings = Map.copyOf(registrySettings);
    this.client = client;
  }

  /**
   * Registry mode with the given Apicurio settings; {@code client} null means a real client for
   * {@code apicurio.registry.url}, tests pass an in-memory one.
   */
  public static ValueFormat registry(Map<String, Object> apicurioSettings, RegistryClientFacade client) {
    return new ValueFormat(Kind.REGISTRY, apicurioSettings, client);
  }

  /** Reads {@code serde.*} once; a bad value fails with where it came from. */
  public static ValueFormat from(LayeredConfig config) {
    String format = config.find("serde.format").orElse("single-object").strip().toLowerCase(Locale.ROOT);
    switch (format) {
      case "single-object":
        return SINGLE_OBJECT;
      case "registry":
        break;
      default:
        throw new ConfigException(config.origin("serde.format") + ": field 'serde.format': expected single-object or registry, got '"
            + format + "'");
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    String url = config.find("serde.registry-url").orElseThrow(() -> new ConfigException(
        config.origin("serde.registry-url") + ": field 'serde.registry-url' is required when serde.format is registry"
            + " (e.g. http://apicurio:8080/apis/registry/v3)"));
    try {
      URI uri = URI.create(url.strip());
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config.origin("serde.registry-url") + ": field 'serde.registry-url': expected an http(s) URL, got '"
          + url + "'");
    }
    settings.put(SchemaResolverConfig.REGISTRY_URL, url.strip());
    settings.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, config.find("serde.auto-register").isEmpty() || config.bool("serde.auto-register"));
    settings.put(SchemaResolverConfig.FIND_LATEST_ARTIFACT, config.find("serde.find-latest").isPresent() && config.bool("serde.find-latest"));
    String strategy = config.find("serde.artifact-resolver-strategy").orElse("topic").strip();
    String strategyClass = STRATEGIES.getOrDefault(strategy, strategy);
    if (!strategyClass.contains(".")) {
      throw new ConfigException(config.origin("serde.artifact-resolver-strategy")
          + ": field 'serde.artifact-resolver-strategy': expected topic, record, topic-record or a class name, got '" + strategy + "'");
    }
    settings.put(SchemaResolverConfig.ARTIFACT_RESOLVER_STRATEGY, strategyClass);
    config.find("serde.group-id").ifPresent(group -> settings.put(SchemaResolverConfig.EXPLICIT_ARTIFACT_GROUP_ID, group.strip()));
    settings.putAll(config.startingWith(APICURIO_PREFIX));
    return new ValueFormat(Kind.REGISTRY, settings, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The settings handed to Apicurio's serde (empty in single-object mode). */
  public Map<String, Object> registrySettings() {
    return registrySettings;
  }

  /**
   * The value serde of one topic, made once per format. In registry mode each topic has its own: Apicurio's serde
   * caches a registered schema by its content, so one instance shared by two topics of the same record type
   * (routing-config and scoring-config) would register the second topic's artifact never.
   */
  @SuppressWarnings("unchecked")
  public <T extends SpecificRecord> Serde<T> serde(String topic, Class<T> type) {
    String key = kind == Kind.SINGLE_OBJECT ? type.getName() : topic + "/" + type.getName();
    return (Serde<T>) serdes.computeIfAbsent(key, k -> kind == Kind.SINGLE_OBJECT
        ? new AvroSerde<>(type)
        : new RegistryAvroSerde<>(type, registrySettings, client));
  }

  @Override
  public String toString() {
    return kind == Kind.SINGLE_OBJECT ? "single-object" : "registry " + registrySettings.get(SchemaResolverConfig.REGISTRY_URL);
  }
}
