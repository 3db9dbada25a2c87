package io.leadflow.platform.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Flat service configuration built from layers, later layers winning: defaults → YAML file → {@code LEADFLOW_*}
 * and {@code KAFKA_*} environment → command-line flags. Every value remembers where it came from, so a bad
 * value fails fast with the file and line (or variable, or flag) and the field.
 *
 * <p>Keys are dotted, e.g. {@code routing.window}. {@code kafka.*} keys are Kafka client properties passed
 * through unchanged (bootstrap servers, SASL/SSL and tuning).
 */
public final class LayeredConfig {

  /** Where a value was set. */
  public record Origin(String source, int line) {
    @Override
    public String toString() {
      return line > 0 ? source + ":" + line : source;
    }
  }

  private record Value(String raw, Origin origin) {}

  public static final String KAFKA_PREFIX = "kafka.";
  private static final String DEFAULTS_RESOURCE = "/leadflow-defaults.yaml";
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Set<String> KNOWN_CLIENT_SETTINGS = Stream.of(ProducerConfig.configNames(),
          ConsumerConfig.configNames(), AdminClientConfig.configNames(), StreamsConfig.configDef().names())
      .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

  private final Map<String, Value> values;

  private LayeredConfig(Map<String, Value> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Only the built-in defaults, e.g. for tests. */
  public static LayeredConfig defaults() {
    return builder().build();
  }

  public LayeredConfig with(String key, String value) {
    Map<String, Value> copy = new TreeMap<>(values);
    copy.put(key, new Value(value, new Origin("override", 0)));
    return new LayeredConfig(copy);
  }

  public Optional<String> find(String key) {
    return Optional.ofNullable(values.get(key)).map(Value::raw).filter(v -> !v.isBlank());
  }

  public String string(String key) {
    return find(key).orElseThrow(() -> values.containsKey(key)
        ? new ConfigException(origin(key) + ": field '" + key + "' is empty")
        : new ConfigException("missing required setting '" + key + "'"));
  }

  public int integer(String key) {
    String raw = string(key);
    try {
      return Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw invalid(key, "a whole number");
    }
  }

  public double decimal(String key) {
    String raw = string(key);
    try {
      double value = Double.parseDouble(raw.strip());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw invalid(key, "a finite number");
      }
      return value;
    } catch (NumberFormatException e) {
      throw invalid(key, "a number");
    }
  }

  public boolean bool(String key) {
    String raw = string(key).strip().toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw invalid(key, "true or false");
    };
  }

  /** {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 90d} or ISO-8601 ({@code PT2H}). */
  public Duration duration(String key) {
    return parseDuration(string(key)).orElseThrow(() -> invalid(key, "a duration such as 30s, 15m, 2h or 90d"));
  }

  /** The duration syntax of leadflow's settings files, for other files that use it. */
  public static Optional<Duration> parseDuration(String text) {
    String raw = text.strip();
    Matcher m = DURATION.matcher(raw);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return Optional.of(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
    }
    try {
      return Optional.of(Duration.parse(raw));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public List<String> list(String key) {
    return find(key).map(v -> List.of(v.split("\\s*,\\s*"))).orElse(List.of());
  }

  public Origin origin(String key) {
    Value value = values.get(key);
    return value == null ? new Origin("unset", 0) : value.origin();
  }

  /** {@code kafka.*} settings with the prefix removed: properties for any Kafka client. */
  public Map<String, Object> kafkaClientProperties() {
    Map<String, Object> props = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      if (key.startsWith(KAFKA_PREFIX) && !value.raw().isBlank()) {
        props.put(key.substring(KAFKA_PREFIX.length()), value.raw());
      }
    });
    return props;
  }

  /** Every set value whose key starts with {@code prefix}, keys kept whole (pass-through settings of a library). */
  public Map<String, Object> startingWith(String prefix) {
    Map<String, Object> props = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      if (key.startsWith(prefix) && !value.raw().isBlank()) {
        props.put(key, value.raw());
      }
    });
    return props;
  }

  public String bootstrapServers() {
    return string(KAFKA_PREFIX + "bootstrap.servers");
  }

  private ConfigException invalid(String key, String expected) {
    Value value = values.get(key);
    return new ConfigException(value.origin() + ": field '" + key + "': expected " + expected + ", got '" + value.raw() + "'");
  }

  /** Adds the layers in order; each later layer overrides the earlier ones key by key. */
  public static final class Builder {
    private final Map<String, Value> values = new TreeMap<>();

    private Builder() {
      try (InputStream in = LayeredConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
        if (in != null) {
          readYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "defaults");
        }
      } catch (IOException e) {
        throw new ConfigException("cannot read built-in defaults", e);
      }
    }

    public Builder file(Path path) {
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(path + ": config file not found");
      }
      try {
        readYaml(Files.readString(path), path.toString());
      } catch (IOException e) {
        throw new ConfigException(path + ": cannot read config file: " + e.getMessage(), e);
      }
      return this;
    }

    /** {@code LEADFLOW_ROUTING_WINDOW} sets {@code routing.window}; {@code KAFKA_SASL_MECHANISM} sets {@code kafka.sasl.mechanism}; {@code __} stands for {@code -}. */
    public Builder environment(Map<String, String> env) {
      env.forEach((name, value) -> {
        String key = null;
        if (name.startsWith("LEADFLOW_")) {
          key = envKey(name.substring("LEADFLOW_".length()));
        } else if (name.startsWith("KAFKA_") && KNOWN_CLIENT_SETTINGS.contains(envKey(name.substring("KAFKA_".length())))) {
          // Only real client settings: shells and images also carry KAFKA_HOME, KAFKA_HEAP_OPTS and the like.
          key = KAFKA_PREFIX + envKey(name.substring("KAFKA_".length()));
        }
        if (key != null) {
          values.put(key, new Value(value, new Origin("environment variable " + name, 0)));
        }
      });
      return this;
    }

    public Builder overrides(Map<String, String> flags) {
      flags.forEach((key, value) -> {
        if (value != null) {
          values.put(key, new Value(value, new Origin("command-line option " + key, 0)));
        }
      });
      return this;
    }

    public LayeredConfig build() {
      return new LayeredConfig(values);
    }

    private static String envKey(String rest) {
      return rest.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
    }

    private void readYaml(String text, String source) {
      try (Reader reader = new StringReader(text); JsonParser parser = new YAMLFactory().createParser(reader)) {
        Deque<String> path = new ArrayDeque<>();
        List<String> openList = null;
        int listLine = 0;
        int depth = 0;
        String field = null;
        JsonToken token = parser.nextToken();
        if (token == null) {
          return; // empty file
        }
        if (token != JsonToken.START_OBJECT) {
          throw new ConfigException(source + ":" + parser.currentTokenLocation().getLineNr() + ": expected a mapping of settings");
        }
        depth = 1;
        while ((token = parser.nextToken()) != null) {
          int line = parser.currentTokenLocation().getLineNr();
          if (depth == 0) {
            throw new ConfigException(source + ":" + line + ": a settings file holds one YAML document");
          }
          switch (token) {
            case FIELD_NAME -> field = parser.currentName();
            case START_OBJECT -> {
              if (openList != null) {
                throw new ConfigException(source + ":" + line + ": field '" + String.join(".", path)
                    + "': a list of mappings is not a setting");
              }
              path.addLast(field);
              depth++;
            }
            case END_OBJECT -> {
              depth--;
              if (!path.isEmpty()) {
                path.removeLast();
              }
            }
            case START_ARRAY -> {
              if (openList != null) {
                throw new ConfigException(source + ":" + line + ": field '" + String.join(".", path)
                    + "': lists of lists are not settings");
              }
              path.addLast(field);
              openList = new ArrayList<>();
              listLine = line;
            }
            case END_ARRAY -> {
              values.put(String.join(".", path), new Value(String.join(",", openList), new Origin(source, listLine)));
              openList = null;
              path.removeLast();
            }
            default -> {
              String scalar = token == JsonToken.VALUE_NULL ? "" : parser.getText();
              if (openList != null) {
                if (scalar.contains(",")) {
                  throw new ConfigException(source + ":" + line + ": field '" + String.join(".", path)
                      + "': list items cannot contain commas, got '" + scalar + "'");
                }
                openList.add(scalar);
              } else {
                path.addLast(field);
                values.put(String.join(".", path), new Value(scalar, new Origin(source, line)));
                path.removeLast();
              }
            }
          }
        }
      } catch (IOException e) {
        throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
      }
    }
  }
}
