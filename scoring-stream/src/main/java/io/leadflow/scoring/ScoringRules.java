package io.leadflow.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.config.YamlLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The scoring rules file (see examples/scoring.yaml): thresholds, signal classes with half-lives, fit rules
 * (seed 003 ranking) and activity rules (seed 004 points, negative points, once-only, daily caps).
 */
public record ScoringRules(String version, Thresholds thresholds, List<Signal> signals, List<FitRule> fit,
    List<ActivityRule> activities) {

  /** {@code scoreBand}: a new score is published when the total moves to another band of this width (0: always). */
  public record Thresholds(double prospectFit, double mql, double hot, double hysteresis, double scoreBand) {}

  public record Signal(String name, String halfLife) {
    public Duration halfLifeDuration() {
      return LayeredConfig.parseDuration(halfLife).orElseThrow();
    }
  }

  /** Matches when the field's value is one of {@code in}, contains one of {@code contains}, or lies in [min, max]. */
  public record FitRule(String name, String field, List<String> in, List<String> contains, Double min, Double max, double points) {}

  /** Matches an activity by type and/or URL fragment and/or minimum visit duration. */
  public record ActivityRule(String name, String type, List<String> urlContains, String minDuration, String signal,
      double points, boolean once, Double dailyCap) {

    public Duration minDurationValue() {
      return minDuration == null ? Duration.ZERO : LayeredConfig.parseDuration(minDuration).orElseThrow();
    }
  }

  static final Set<String> FIT_FIELDS = Set.of("industry", "segment", "country", "region", "state", "employeeCount",
      "annualRevenue", "jobTitle", "leadSource");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static ScoringRules builtIn() {
    try (InputStream in = ScoringRules.class.getResourceAsStream("/scoring.yaml")) {
      return parse(in.readAllBytes(), "built-in scoring.yaml");
    } catch (IOException e) {
      throw new ConfigException("cannot read the built-in scoring rules", e);
    }
  }

  public static ScoringRules read(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read scoring rules: " + e.getMessage(), e);
    }
  }

  public static ScoringRules parse(byte[] yaml, String source) {
    ScoringRules rules;
    try {
      rules = YAML.readValue(yaml, ScoringRules.class);
    } catch (JsonMappingException e) {
      String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
      throw new ConfigException(source + line + ": field '" + YamlLines.fieldPath(e) + "': " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    rules.check(source, yaml);
    return rules;
  }


  /** {@code source:line: field 'path'}: checks run after Jackson, so the line is looked up again by the key's path. */
  private static String at(String source, byte[] yaml, String dottedPath) {
    return YamlLines.at(source, yaml, YamlLines.pointer(dottedPath)) + ": field '" + dottedPath + "'";
  }

  private void check(String source, byte[] yaml) {
    if (thresholds == null || signals == null || fit == null || activities == null) {
      throw new ConfigException(source + ": needs thresholds, signals, fit and activities");
    }
    if (!(thresholds.prospectFit() <= thresholds.mql() && thresholds.mql() < thresholds.hot()) || thresholds.hysteresis() < 0
        || thresholds.scoreBand() < 0) {
      throw new ConfigException(at(source, yaml, "thresholds") + ": thresholds must satisfy prospect-fit <= mql < hot, hysteresis >= 0 and score-band >= 0");
    }
    Map<String, Signal> byName = signals.stream().collect(Collectors.toMap(Signal::name, Function.identity()));
    for (int i = 0; i < signals.size(); i++) {
      Signal signal = signals.get(i);
      Duration halfLife = LayeredConfig.parseDuration(signal.halfLife() == null ? "" : signal.halfLife()).orElse(null);
      if (halfLife == null || halfLife.isZero() || halfLife.isNegative()) {
        throw new ConfigException(at(source, yaml, "signals[" + i + "].half-life") + ": signal '" + signal.name() + "': half-life must be a positive duration, got '"
            + signal.halfLife() + "'");
      }
    }
    for (int i = 0; i < fit.size(); i++) {
      FitRule rule = fit.get(i);
      if (!Double.isFinite(rule.points())) {
        // NaN points would make every total NaN, and a NaN total never reaches MQL: leads would silently never route.
        throw new ConfigException(at(source, yaml, "fit[" + i + "].points") + ": fit rule '" + rule.name()
            + "': points must be a finite number, got " + rule.points());
      }
      if (!FIT_FIELDS.contains(rule.field())) {
        throw new ConfigException(at(source, yaml, "fit[" + i + "].field") + ": fit rule '" + rule.name() + "': unknown field '" + rule.field() + "'; one of " + FIT_FIELDS);
      }
    }
    for (int i = 0; i < activities.size(); i++) {
      ActivityRule rule = activities.get(i);
      if (!Double.isFinite(rule.points())) {
        throw new ConfigException(at(source, yaml, "activities[" + i + "].points") + ": activity rule '" + rule.name()
            + "': points must be a finite number, got " + rule.points());
      }
      if (!byName.containsKey(rule.signal())) {
        throw new ConfigException(at(source, yaml, "activities[" + i + "].signal") + ": activity rule '" + rule.name() + "': unknown signal '" + rule.signal() + "'");
      }
      if (rule.minDuration() != null && LayeredConfig.parseDuration(rule.minDuration()).isEmpty()) {
        throw new ConfigException(at(source, yaml, "activities[" + i + "].min-duration") + ": activity rule '" + rule.name() + "': min-duration '" + rule.minDuration() + "' is not a duration");
      }
    }
  }

}
