package io.leadflow.scoring;

import io.leadflow.avro.Activity;
import io.leadflow.avro.DailyPoints;
import io.leadflow.avro.DecayingValue;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.SignalScore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fit (how well the lead matches the ideal customer profile) plus engagement (activity points per signal class,
 * decaying with the class's half-life), and the stage that follows. No Kafka here: simulation and backtests run
 * the same rules.
 */
public final class LeadScorer {

  private final ScoringRules rules;
  private final StageMachine stages;
  private final Map<String, Duration> halfLives = new HashMap<>();

  public LeadScorer(ScoringRules rules) {
    this.rules = rules;
    this.stages = new StageMachine(rules.thresholds());
    rules.signals().forEach(signal -> halfLives.put(signal.name(), signal.halfLifeDuration()));
  }

  public ScoringRules rules() {
    return rules;
  }

  /** The fit score and the names of the fit rules that matched. */
  public record Fit(double points, List<String> rulesFired) {}

  public Fit fit(EnrichedLead lead) {
    double points = 0;
    List<String> fired = new ArrayList<>();
    for (ScoringRules.FitRule rule : rules.fit()) {
      if (matches(rule, fieldValue(lead, rule.field()))) {
        points += rule.points();
        fired.add(rule.name());
      }
    }
    return new Fit(points, fired);
  }

  /** The first activity rule that matches, if any. */
  public Optional<ScoringRules.ActivityRule> ruleFor(Activity activity) {
    return rules.activities().stream().filter(rule -> matches(rule, activity)).findFirst();
  }

  /**
   * Adds an activity's points to the state at {@code at}, honouring once-only rules and daily caps (per UTC day).
   * Returns the points actually added.
   */
  public double addActivity(LeadScoreState state, Activity activity, Instant at) {
    Optional<ScoringRules.ActivityRule> match = ruleFor(activity);
    if (match.isEmpty()) {
      return 0;
    }
    ScoringRules.ActivityRule rule = match.get();
    if (rule.once() && state.getOnceRulesFired().contains(rule.name())) {
      return 0;
    }
    double points = rule.points();
    if (rule.dailyCap() != null) {
      long day = at.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
      DailyPoints used = state.getDailyPoints().get(rule.name());
      double usedToday = used != null && used.getEpochDay() == day ? used.getPoints() : 0;
      points = Math.max(0, Math.min(points, rule.dailyCap() - usedToday));
      Map<String, DailyPoints> daily = new HashMap<>(state.getDailyPoints());
      daily.put(rule.name(), DailyPoints.newBuilder().setEpochDay(day).setPoints(usedToday + points).build());
      state.setDailyPoints(daily);
    }
    if (rule.once()) {
      List<String> fired = new ArrayList<>(state.getOnceRulesFired());
      fired.add(rule.name());
      state.setOnceRulesFired(fired);
    }
    if (points != 0) {
      Map<String, DecayingValue> signals = new HashMap<>(state.getSignals());
      signals.put(rule.signal(), Decay.add(signals.get(rule.signal()), halfLives.get(rule.signal()), points, at));
      state.setSignals(signals);
    }
    return points;
  }

  public double engagementAt(LeadScoreState state, Instant at) {
    return state.getSignals().entrySet().stream()
        .mapToDouble(e -> Decay.valueAt(e.getValue(), halfLives.get(e.getKey()), at))
        .sum();
  }

  public double totalAt(LeadScoreState state, Instant at) {
    return state.getFitScore() + engagementAt(state, at);
  }

  /** Each signal class with its stored and its decayed value, in the order of the rules file. */
  public List<SignalScore> breakdown(LeadScoreState state, Instant at) {
    List<SignalScore> scores = new ArrayList<>();
    for (ScoringRules.Signal signal : rules.signals()) {
      DecayingValue value = state.getSignals().get(signal.name());
      if (value != null) {
        scores.add(SignalScore.newBuilder()
            .setSignal(signal.name())
            .setValue(value.getValue())
            .setReferenceTime(value.getReferenceTime())
            .setHalfLifeHours(halfLives.get(signal.name()).toMinutes() / 60.0)
            .setDecayedValue(Decay.valueAt(value, halfLives.get(signal.name()), at))
            .build());
      }
    }
    return scores;
  }

  public LeadStage nextStage(LeadScoreState state, Instant at) {
    return stages.next(state.getStage(), state.getFitScore(), totalAt(state, at));
  }

  /** How far ahead decay is followed: a lead that holds its stage this long is checked again then. */
  static final Duration DECAY_HORIZON = Duration.ofDays(365);

  /**
   * When decay alone, with no new events, will move the lead off its current stage: the first time the stage
   * machine gives another stage, to the second. Empty if the stage holds for the whole horizon or is not one that
   * scores can change. Found by doubling steps, then bisection, so it also handles negative signals that decay
   * upwards.
   */
  public Optional<Instant> downgradeTime(LeadScoreState state, Instant from) {
    LeadStage stage = state.getStage();
    if (stage != LeadStage.MQL && stage != LeadStage.HOT) {
      return Optional.empty();
    }
    Instant end = from.plus(DECAY_HORIZON);
    Instant holds = from;
    Duration step = Duration.ofMinutes(1);
    Instant probe = from.plus(step);
    while (!probe.isAfter(end) && holdsAt(state, probe)) {
      holds = probe;
      step = step.multipliedBy(2);
      probe = from.plus(step);
    }
    if (probe.isAfter(end)) {
      if (holdsAt(state, end)) {
        return Optional.empty();
      }
      probe = end;
    }
    Instant changed = probe;
    while (Duration.between(holds, changed).compareTo(Duration.ofSeconds(1)) > 0) {
      Instant middle = holds.plus(Duration.between(holds, changed).dividedBy(2));
      if (holdsAt(state, middle)) {
        holds = middle;
      } else {
        changed = middle;
      }
    }
    return Optional.of(changed);
  }

  private boolean holdsAt(LeadScoreState state, Instant at) {
    return nextStage(state, at) == state.getStage();
  }

  private static boolean matches(ScoringRules.FitRule rule, Object value) {
    if (value == null) {
      return false;
    }
    String text = value.toString().toLowerCase(Locale.ROOT);
    if (rule.in() != null && rule.in().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).equals(text))) {
      return true;
    }
    if (rule.contains() != null && rule.contains().stream().anyMatch(v -> text.contains(v.toLowerCase(Locale.ROOT)))) {
      return true;
    }
    if ((rule.min() != null || rule.max() != null) && value instanceof Number number) {
      double n = number.doubleValue();
      return (rule.min() == null || n >= rule.min()) && (rule.max() == null || n <= rule.max());
    }
    return false;
  }

  private static boolean matches(ScoringRules.ActivityRule rule, Activity activity) {
    if (rule.type() != null && !rule.type().equals(activity.getType())) {
      return false;
    }
    if (rule.urlContains() != null) {
      String url = activity.getUrl() == null ? "" : activity.getUrl().toLowerCase(Locale.ROOT);
      if (rule.urlContains().stream().noneMatch(fragment -> url.contains(fragment.toLowerCase(Locale.ROOT)))) {
        return false;
      }
    }
    if (rule.minDuration() != null) {
      Integer seconds = activity.getDurationSeconds();
      return seconds != null && seconds >= rule.minDurationValue().toSeconds();
    }
    return true;
  }

  private static Object fieldValue(EnrichedLead lead, String field) {
    Firmographics firm = lead.getFirmographics();
    LeadProfile profile = lead.getProfile();
    return switch (field) {
      case "industry" -> firm == null ? null : firm.getIndustry();
      case "employeeCount" -> firm == null ? null : firm.getEmployeeCount();
      case "annualRevenue" -> firm == null ? null : firm.getAnnualRevenue();
      case "region" -> firm == null ? null : firm.getRegion();
      case "country" -> firm != null && firm.getCountry() != null ? firm.getCountry() : profile.getCountry();
      case "state" -> firm != null && firm.getState() != null ? firm.getState() : profile.getState();
      case "segment" -> lead.getSegment() == null ? null : lead.getSegment().name();
      case "jobTitle" -> profile.getJobTitle();
      case "leadSource" -> profile.getLeadSource();
      default -> throw new IllegalArgumentException("unknown fit field " + field);
    };
  }
}
