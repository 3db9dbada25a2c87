package io.leadflow.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.Priority;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.config.YamlLines;
import io.leadflow.routing.rules.AbsencePolicy;
import io.leadflow.routing.rules.WeightModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The routing rules file (see examples/routing.yaml): which stages trigger routing, the hierarchy and its order
 * (seed 002 "Hierarchische Routing-Logik"), fallbacks, territories, verticals, segment teams, pools with their
 * weight model and window, SLA timers and skip settings. Applied to {@code routing-config} and picked up live.
 */
public record RoutingRules(String version, Trigger trigger, List<Level> hierarchy, String generalPool,
    Fallbacks fallback, List<Territory> territories, List<Vertical> verticals, Map<Segment, String> segments,
    Map<String, PoolSettings> pools, Map<Priority, String> sla, Integer maxReroutes, Skip skip) {

  /** The levels of the hierarchy; the general pool (weighted round robin) is always the last resort. */
  public enum Level {
    @JsonProperty("account-owner") ACCOUNT_OWNER,
    @JsonProperty("named-account") NAMED_ACCOUNT,
    @JsonProperty("territory") TERRITORY,
    @JsonProperty("vertical") VERTICAL,
    @JsonProperty("segment") SEGMENT;

    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Stages that trigger routing; those in {@code highPriority} are routed with priority HIGH (seed: HOT). */
  public record Trigger(List<LeadStage> stages, List<LeadStage> highPriority) {}

  /**
   * Seed 002 "Fallback-Regeln". {@code noTerritory}: where a lead goes that matched no level (a pool, or a rep
   * with {@code rep:}); {@code unknownIndustry}: {@code geography} goes on down the hierarchy, {@code round-robin}
   * goes straight to the general pool; {@code ownerLeft}: {@code manager} routes to the departed owner's manager,
   * {@code hierarchy} goes on down the hierarchy.
   */
  public record Fallbacks(Target noTerritory, String unknownIndustry, String ownerLeft) {}

  /** A pool, or one rep. */
  public record Target(String pool, String rep) {}

  /** Matches on the company's country (ISO code), state or sales region; the first territory that matches wins. */
  public record Territory(String pool, List<String> countries, List<String> states, List<String> regions) {}

  public record Vertical(String pool, List<String> industries) {}

  /**
   * How a pool distributes its leads. {@code window}: how far back the per-rep counts reach;
   * {@code absencePolicy}: none, bounded or full catch-up for a rep back from
   * absence, with {@code catchUpLimit} leads at most under bounded.
   */
  public record PoolSettings(String weightModel, String window, String absencePolicy,
      Integer catchUpLimit, Double floor, Integer probationDays, Integer capacityThreshold, PullSettings pull) {

    public WeightModel model() {
      return WeightModel.fromConfigName(weightModel == null ? "static" : weightModel);
    }

    public Duration windowDuration() {
      return LayeredConfig.parseDuration(window == null ? "30d" : window).orElseThrow();
    }

    public AbsencePolicy absence() {
      return AbsencePolicy.fromConfigName(absencePolicy == null ? "bounded" : absencePolicy);
    }

    public int catchUpLimitOrDefault() {
      return catchUpLimit == null ? 3 : catchUpLimit;
    }

    static PoolSettings defaults() {
      return new PoolSettings(null, null, null, null, null, null, null, null);
    }
  }

  /** Seed 002 "Skip-Logik": login timeout (24 h), active-lead cap (50), working hours. */
  public record Skip(String loginTimeout, Integer activeLeadCap, Boolean workingHours) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static RoutingRules builtIn() {
    try (InputStream in = RoutingRules.class.getResourceAsStream("/routing.yaml")) {
      return parse(in.readAllBytes(), "built-in routing.yaml");
    } catch (IOException e) {
      throw new ConfigException("cannot read the built-in routing rules", e);
    }
  }

  public static RoutingRules read(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read routing rules: " + e.getMessage(), e);
    }
  }

  /** Parses and checks a rules file; errors name the source, line and field. */
  public static RoutingRules parse(byte[] yaml, String source) {
    RoutingRules rules;
    try {
      rules = YAML.readValue(yaml, RoutingRules.class);
    } catch (JsonMappingException e) {
      int lineNr = e instanceof UnrecognizedPropertyException ? keyLine(yaml, e)
          : e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      String line = lineNr < 1 ? "" : ":" + lineNr;
      throw new ConfigException(source + line + ": field '" + YamlLines.fieldPath(e) + "': " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    return rules.withDefaults().checked(source, yaml);
  }

  /**
   * The line of the unknown key. Jackson reports unknown fields of records only once the whole mapping is read,
   * with the location of its end, so the key is looked up again by its path.
   */
  private static int keyLine(byte[] yaml, JsonMappingException e) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      pointer.append('/').append(ref.getFieldName() != null
          ? ref.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(ref.getIndex()));
    }
    try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME
            && parser.getParsingContext().pathAsPointer().toString().equals(pointer.toString())) {
          return parser.getTokenLocation().getLineNr();
        }
      }
    } catch (IOException notFound) {
      // fall back to what Jackson reported
    }
    return e.getLocation() == null ? -1 : e.getLocation().getLineNr();
  }


  private RoutingRules withDefaults() {
    Map<Priority, String> slaTimers = new EnumMap<>(Priority.class);
    slaTimers.put(Priority.HIGH, "1h");
    slaTimers.put(Priority.NORMAL, "2h");
    if (sla != null) {
      slaTimers.putAll(sla);
    }
    return new RoutingRules(version == null ? "unversioned" : version,
        trigger == null ? new Trigger(List.of(LeadStage.MQL, LeadStage.HOT), List.of(LeadStage.HOT))
            : new Trigger(orEmpty(trigger.stages()), orEmpty(trigger.highPriority())),
        hierarchy == null ? List.of(Level.values()) : hierarchy,
        generalPool == null ? "general" : generalPool,
        new Fallbacks(fallback == null || fallback.noTerritory() == null ? new Target(null, null) : fallback.noTerritory(),
            fallback == null || fallback.unknownIndustry() == null ? "geography" : fallback.unknownIndustry(),
            fallback == null || fallback.ownerLeft() == null ? "manager" : fallback.ownerLeft()),
        orEmpty(territories), orEmpty(verticals), segments == null ? Map.of() : segments,
        pools == null ? Map.of() : new LinkedHashMap<>(pools), slaTimers, maxReroutes == null ? 1 : maxReroutes,
        skip == null ? new Skip("24h", 50, true) : new Skip(skip.loginTimeout() == null ? "24h" : skip.loginTimeout(),
            skip.activeLeadCap() == null ? 50 : skip.activeLeadCap(), skip.workingHours() == null || skip.workingHours()));
  }

  private RoutingRules checked(String source, byte[] yaml) {
    List<String> problems = new ArrayList<>();
    if (maxReroutes < 0) {
      problems.add("max-reroutes: must be 0 (no SLA re-routing) or more, got " + maxReroutes);
    }
    if (trigger.stages().isEmpty()) {
      problems.add("trigger.stages: at least one stage must trigger routing");
    }
    if (!List.of("geography", "round-robin").contains(fallback.unknownIndustry())) {
      problems.add("fallback.unknown-industry: '" + fallback.unknownIndustry() + "' is not geography or round-robin");
    }
    if (!List.of("manager", "hierarchy").contains(fallback.ownerLeft())) {
      problems.add("fallback.owner-left: '" + fallback.ownerLeft() + "' is not manager or hierarchy");
    }
    if (fallback.noTerritory().pool() != null && fallback.noTerritory().rep() != null) {
      problems.add("fallback.no-territory: give a pool or a rep, not both");
    }
    for (int i = 0; i < territories.size(); i++) {
      if (territories.get(i).pool() == null) {
        problems.add("territories[" + i + "].pool: missing");
      }
    }
    for (int i = 0; i < verticals.size(); i++) {
      if (verticals.get(i).pool() == null) {
        problems.add("verticals[" + i + "].pool: missing");
      }
    }
    pools.forEach((id, pool) -> {
      try {
        pool.model();
      } catch (IllegalArgumentException e) {
        problems.add("pools." + id + ".weight-model: " + e.getMessage());
      }
      try {
        pool.absence();
      } catch (IllegalArgumentException e) {
        problems.add("pools." + id + ".absence-policy: " + e.getMessage());
      }
      checkDuration(problems, "pools." + id + ".window", pool.window());
      try {
        PoolWeights.settings(pool); // floor, probation days, capacity threshold: what the weight models accept
      } catch (IllegalArgumentException e) {
        problems.add("pools." + id + ": " + e.getMessage());
      }
      if (pool.pull() != null) {
        pool.pull().check("pools." + id + ".pull", problems);
      }
    });
    sla.forEach((priority, timer) -> checkDuration(problems, "sla." + priority, timer));
    checkDuration(problems, "skip.login-timeout", skip.loginTimeout());
    if (!problems.isEmpty()) {
      // Each problem starts with its field path; name the line of that key like a type error does.
      List<String> located = new ArrayList<>();
      for (String problem : problems) {
        int colon = problem.indexOf(": ");
        String path = colon < 0 ? "" : problem.substring(0, colon);
        located.add(path.isEmpty() || path.contains(" ") ? source + ": " + problem
            : YamlLines.at(source, yaml, YamlLines.pointer(path)) + ": field '" + path + "': " + problem.substring(colon + 2));
      }
      throw new ConfigException(String.join("; ", located));
    }
    return this;
  }

  private static void checkDuration(List<String> problems, String field, String value) {
    if (value != null && LayeredConfig.parseDuration(value).isEmpty()) {
      problems.add(field + ": '" + value + "' is not a duration such as 90s, 15m, 2h or 30d");
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  public PoolSettings pool(String poolId) {
    return pools.getOrDefault(poolId, PoolSettings.defaults());
  }

  public Duration slaTimer(Priority priority) {
    return LayeredConfig.parseDuration(sla.getOrDefault(priority, "2h")).orElseThrow();
  }

  public Optional<Duration> loginTimeout() {
    return LayeredConfig.parseDuration(skip.loginTimeout()).filter(d -> !d.isZero());
  }
}
