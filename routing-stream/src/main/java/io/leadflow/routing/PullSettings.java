package io.leadflow.routing;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.routing.rules.PoolRules;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pools.<id>.pull} in the routing rules: the pool becomes a hybrid push/pull pool (seed 001). Every field is
 * optional; the defaults are the seed's figures (push at 75, lock 15 min, hoarding limit 10, auto-assign after
 * 30 min, manager review after 60 min). See docs/POOL.md.
 */
public record PullSettings(String mode, Double pushThreshold, List<String> pushStages, Boolean hideDetails,
    String lock, Integer hoardingLimit, Integer skipLimit, String skipLimitMode, Integer minDailyClaims,
    DiversitySettings diversity, EscalationSettings escalation, AccessSettings access) {

  /** Seed 001 "Diversitätsanforderungen"; off unless given. */
  public record DiversitySettings(Double belowScore, Double minShare, Integer graceClaims, String mode) {}

  /** Seed 001 "Zeitbasierte Eskalation"; {@code off} switches a step off. */
  public record EscalationSettings(String autoAssignAfter, String managerReviewAfter, String manager) {}

  /** Seed 001 "Performance-basierter Zugang". */
  public record AccessSettings(Integer newRepDays, Rule full, Rule filtered, View filter) {}

  public record Rule(List<Integer> tiers, Double minConversionRate) {}

  public record View(Double maxScore, List<String> segments, List<String> industries) {}

  public PoolRules.Mode pullMode() {
    return mode == null ? PoolRules.Mode.POOL : PoolRules.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
  }

  public Duration lockDuration() {
    return LayeredConfig.parseDuration(lock == null ? "15m" : lock).orElseThrow();
  }

  public boolean detailsHidden() {
    return hideDetails != null && hideDetails;
  }

  /** Empty when the step is off. */
  public Optional<Duration> autoAssignAfter() {
    return step(escalation == null ? null : escalation.autoAssignAfter(), "30m");
  }

  public Optional<Duration> managerReviewAfter() {
    return step(escalation == null ? null : escalation.managerReviewAfter(), "60m");
  }

  public String manager() {
    return escalation == null ? null : escalation.manager();
  }

  private static Optional<Duration> step(String value, String fallback) {
    String text = value == null ? fallback : value;
    // YAML reads a bare off as false: both switch the step off.
    return "off".equals(text) || "false".equals(text) ? Optional.empty() : LayeredConfig.parseDuration(text);
  }

  /** The settings as the pure rules take them. */
  public PoolRules.Policy policy() {
    PoolRules.Diversity rule = diversity == null ? null : new PoolRules.Diversity(
        diversity.belowScore() == null ? 50 : diversity.belowScore(),
        diversity.minShare() == null ? 0.3 : diversity.minShare(),
        diversity.graceClaims() == null ? 3 : diversity.graceClaims(), enforcement(diversity.mode()));
    PoolRules.AccessPolicy accessPolicy = access == null ? PoolRules.AccessPolicy.everyoneFull()
        : new PoolRules.AccessPolicy(rule(access.full()), rule(access.filtered()),
            access.filter() == null ? null : new PoolRules.Filter(access.filter().maxScore(),
                set(access.filter().segments()), set(access.filter().industries())), access.newRepDays());
    return new PoolRules.Policy(pullMode(), pushThreshold == null ? 75 : pushThreshold, set(pushStages),
        hoardingLimit == null ? 10 : hoardingLimit, skipLimit, enforcement(skipLimitMode), rule, accessPolicy);
  }

  private static PoolRules.AccessRule rule(Rule rule) {
    return rule == null ? null : new PoolRules.AccessRule(rule.tiers() == null ? Set.of() : Set.copyOf(rule.tiers()),
        rule.minConversionRate());
  }

  private static PoolRules.Enforcement enforcement(String mode) {
    return mode == null ? PoolRules.Enforcement.ENFORCE : PoolRules.Enforcement.valueOf(mode.toUpperCase(Locale.ROOT));
  }

  private static Set<String> set(List<String> values) {
    return values == null ? Set.of() : Set.copyOf(values);
  }

  /** Adds every problem to {@code problems}, each naming its field under {@code path}. */
  void check(String path, List<String> problems) {
    if (mode != null && !List.of("pool", "queue").contains(mode)) {
      problems.add(path + ".mode: '" + mode + "' is not pool or queue");
    }
    if (pushThreshold != null && (pushThreshold < 0 || pushThreshold > 100)) {
      problems.add(path + ".push-threshold: must be a score from 0 to 100, got " + pushThreshold);
    }
    if (lock != null && LayeredConfig.parseDuration(lock).filter(d -> !d.isZero()).isEmpty()) {
      problems.add(path + ".lock: '" + lock + "' is not a positive duration such as 15m");
    }
    if (hoardingLimit != null && hoardingLimit < 1) {
      problems.add(path + ".hoarding-limit: must be 1 or more, got " + hoardingLimit);
    }
    if (skipLimit != null && skipLimit < 0) {
      problems.add(path + ".skip-limit: must be 0 or more, got " + skipLimit);
    }
    checkMode(path + ".skip-limit-mode", skipLimitMode, problems);
    if (minDailyClaims != null && minDailyClaims < 0) {
      problems.add(path + ".min-daily-claims: must be 0 or more, got " + minDailyClaims);
    }
    if (diversity != null) {
      if (diversity.minShare() != null && (diversity.minShare() < 0 || diversity.minShare() > 1)) {
        problems.add(path + ".diversity.min-share: must be from 0 to 1 (0.3 = 30%), got " + diversity.minShare());
      }
      if (diversity.graceClaims() != null && diversity.graceClaims() < 0) {
        problems.add(path + ".diversity.grace-claims: must be 0 or more, got " + diversity.graceClaims());
      }
      checkMode(path + ".diversity.mode", diversity.mode(), problems);
    }
    if (escalation != null) {
      checkStep(path + ".escalation.auto-assign-after", escalation.autoAssignAfter(), problems);
      checkStep(path + ".escalation.manager-review-after", escalation.managerReviewAfter(), problems);
    }
    Optional<Duration> auto = autoAssignAfter();
    Optional<Duration> review = managerReviewAfter();
    if (auto.isPresent() && review.isPresent() && review.get().compareTo(auto.get()) <= 0) {
      problems.add(path + ".escalation.manager-review-after: must be later than auto-assign-after ("
          + review.get() + " is not after " + auto.get() + ")");
    }
    if (access != null && access.newRepDays() != null && access.newRepDays() < 0) {
      problems.add(path + ".access.new-rep-days: must be 0 or more, got " + access.newRepDays());
    }
    if (access != null && access.filtered() != null && access.filter() == null) {
      problems.add(path + ".access.filter: the filtered tier needs a filter (max-score, segments, industries)");
    }
  }

  private static void checkMode(String field, String value, List<String> problems) {
    if (value != null && !List.of("enforce", "report").contains(value)) {
      problems.add(field + ": '" + value + "' is not enforce or report");
    }
  }

  private static void checkStep(String field, String value, List<String> problems) {
    if (value != null && !"off".equals(value) && !"false".equals(value) && LayeredConfig.parseDuration(value).filter(d -> !d.isZero()).isEmpty()) {
      problems.add(field + ": '" + value + "' is not a positive duration such as 30m, or off");
    }
  }
}
