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
  private final CompiledActivityRule[] activityRules;

  /** An activity rule with what matching needs parsed and lower-cased once, not per event. */
  private record CompiledActivityRule(ScoringRules.ActivityRule rule, String[] urlFragments, Long minDurationSeconds) {

    static CompiledActivityRule of(ScoringRules.ActivityRule rule) {
      String[] fragments = rule.urlContains() == null ? null
          : rule.urlContains().stream().map(fragment -> fragment.toLowerCase(Locale.ROOT)).toArray(String[]::new);
      return new CompiledActivityRule(rule, fragments, rule.minDuration() == null ? null : rule.minDurationValue().toSeconds());
    }
  }

  public LeadScorer(ScoringRules rules) {
    this.rules = rules;
    this.stages = new StageMachine(rules.thresholds());
    rules.signals().forEach(signal -> halfLives.put(signal.name(), signal.halfLifeDuration()));
    this.activityRules = rules.activities().stream().map(CompiledActivityRule::of).toArray(CompiledActivityRule[]::new);
  }

  public ScoringRules rules() {
    return rules;
  }

  /** The fit score and the names of the fit rules that matched. */
  public record Fit(double points, List<String> rulesFired) {}

  /** The state of a lead scoring has not seen before: no points, Suspect, nothing announced. */
  public static LeadScoreState newState(String leadId, Instant at) {
    return LeadScoreState.newBuilder()
        .setLeadId(leadId)
        .setFitRulesFired(List.of())
        .setSignals(Map.of())
        .setOnceRulesFired(List.of())
        .setDailyPoints(Map.of())
        .setStage(LeadStage.SUSPECT)
        .setAnnouncedStage(LeadStage.SUSPECT)
        .setLastEventAt(at)
        .build();
  }

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
    String lowerUrl = null; // lower-cased once per activity, when a rule first needs it
    for (CompiledActivityRule compiled : activityRules) {
      ScoringRules.ActivityRule rule = compiled.rule();
      if (rule.type() != null && !rule.type().equals(activity.getType())) {
        continue;
      }
      if (compiled.urlFragments() != null) {
        if (lowerUrl == null) {
          lowerUrl = activity.getUrl() == null ? "" : activity.getUrl().toLowerCase(Locale.ROOT);
        }
        if (!containsAny(lowerUrl, compiled.urlFragments())) {
          continue;
        }
      }
      if (compiled.minDurationSeconds() != null) {
        Integer seconds = activity.getDurationSeconds();
        if (seconds == null || seconds < compiled.minDurationSeconds()) {
          continue;
        }
      }
      return Optional.of(rule);
    }
    return Optional.empty();
  }

  private static boolean containsAny(String text, String[] fragments) {
    for (String fragment : fragments) {
      if (text.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds an activity's points to the state at {@code at}, honouring once-only rules and daily caps (per UTC day).
   * Returns the points actually added.
   */
  public double addActivity(LeadScoreState state, Activity activity, Instant at) {
    return addActivity(state, ruleFor(activity).orElse(null), at);
  }

  /** {@link #addActivity(LeadScoreState, Activity, Instant)} with the rule already looked up (null: none matched). */
  public double addActivity(LeadScoreState state, ScoringRules.ActivityRule rule, Instant at) {
    if (rule == null) {
      return 0;
    }
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
    CompensatedSum sum = new CompensatedSum();
    for (Map.Entry<String, DecayingValue> signal : state.getSignals().entrySet()) {
      sum.add(Decay.valueAt(signal.getValue(), halfLives.get(signal.getKey()), at));
    }
    return sum.result();
  }

  /**
   * The summation DoubleStream.sum() does (Kahan compensation plus a simple sum for infinities), which this class
   * used before; a plain loop spares the stream in the hot path and gives the same bits (LeadScorerTest checks it
   * against DoubleStream.sum on this JDK).
   */
  static final class CompensatedSum {
    private double sum;
    private double compensation;
    private double simpleSum;

    void add(double value) {
      double tmp = value - compensation;
      double velvel = sum + tmp;
      compensation = (velvel - sum) - tmp;
      sum = velvel;
      simpleSum += value;
    }

    double result() {
      double tmp = sum - compensation;
      return Double.isNaN(tmp) && Double.isInfinite(simpleSum) ? simpleSum : tmp;
    }
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
    DecayTerms terms = DecayTerms.of(state, halfLives, from);
    return terms != null ? downgradeTime(state, terms) : downgradeTimeByInstants(state, from);
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long MINUTE_NANOS = 60 * NANOS_PER_SECOND;
  private static final long HORIZON_NANOS = DECAY_HORIZON.toNanos();

  /**
   * The signals of one state as arrays, times in epoch nanoseconds: the search below probes the total some 40
   * times, and each probe then costs a loop of Math.pow instead of Instant and Duration arithmetic (Duration's
   * dividedBy goes through BigDecimal). Null if a time does not fit in a long of nanoseconds (years 1677-2262).
   */
  private record DecayTerms(long fromNanos, double[] values, long[] referenceNanos, long[] halfLifeMillis) {

    static DecayTerms of(LeadScoreState state, Map<String, Duration> halfLives, Instant from) {
      try {
        long fromNanos = epochNanos(from);
        Math.addExact(fromNanos, HORIZON_NANOS);
        int size = state.getSignals().size();
        double[] values = new double[size];
        long[] references = new long[size];
        long[] halfLifeMillis = new long[size];
        int i = 0;
        for (Map.Entry<String, DecayingValue> signal : state.getSignals().entrySet()) { // the order engagementAt sums in
          values[i] = signal.getValue().getValue();
          references[i] = epochNanos(signal.getValue().getReferenceTime());
          halfLifeMillis[i] = halfLives.get(signal.getKey()).toMillis();
          Math.subtractExact(fromNanos, references[i]);
          Math.subtractExact(Math.addExact(fromNanos, HORIZON_NANOS), references[i]);
          i++;
        }
        return new DecayTerms(fromNanos, values, references, halfLifeMillis);
      } catch (ArithmeticException outOfRange) {
        return null;
      }
    }

    /** engagementAt, to the bit: Decay.valueAt per signal (Duration.toMillis truncates toward zero), same sum. */
    double engagementAt(long atNanos) {
      CompensatedSum sum = new CompensatedSum();
      for (int i = 0; i < values.length; i++) {
        double elapsed = (atNanos - referenceNanos[i]) / 1_000_000;
        sum.add(values[i] * Math.pow(2, -elapsed / halfLifeMillis[i]));
      }
      return sum.result();
    }
  }

  private static long epochNanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS_PER_SECOND), at.getNano());
  }

  /** The same search as {@link #downgradeTimeByInstants}, on nanoseconds. */
  private Optional<Instant> downgradeTime(LeadScoreState state, DecayTerms terms) {
    long from = terms.fromNanos();
    long end = from + HORIZON_NANOS;
    long holds = from;
    long step = MINUTE_NANOS;
    long probe = from + step;
    while (probe <= end && holdsAt(state, terms, probe)) {
      holds = probe;
      step *= 2;
      probe = from + step;
    }
    if (probe > end) {
      if (holdsAt(state, terms, end)) {
        return Optional.empty();
      }
      probe = end;
    }
    long changed = probe;
    while (changed - holds > NANOS_PER_SECOND) {
      long middle = holds + (changed - holds) / 2;
      if (holdsAt(state, terms, middle)) {
        holds = middle;
      } else {
        changed = middle;
      }
    }
    return Optional.of(Instant.ofEpochSecond(Math.floorDiv(changed, NANOS_PER_SECOND), Math.floorMod(changed, NANOS_PER_SECOND)));
  }

  private boolean holdsAt(LeadScoreState state, DecayTerms terms, long atNanos) {
    double fit = state.getFitScore();
    return stages.next(state.getStage(), fit, fit + terms.engagementAt(atNanos)) == state.getStage();
  }

  /** The reference implementation on Instants; used where nanoseconds would overflow, and by tests. */
  Optional<Instant> downgradeTimeByInstants(LeadScoreState state, Instant from) {
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
