package io.leadflow.ops.recalibrate;

import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import io.leadflow.routing.rules.ComputedWeight;
import io.leadflow.routing.rules.RepFacts;
import io.leadflow.routing.rules.WeightModels;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One recalibration cycle (seed 000 "Dynamische Gewichtsanpassung": rate per rep, team average, weight = model,
 * bounded, then written back). Pure: the caller reads the topics and publishes the result.
 *
 * <p>Per active rep, in this order:
 *
 * <ol>
 *   <li><b>current weight</b>: the rep's record in rep-weights (the previous cycle or an admin edit), or the
 *       static {@code Rep.weight} without one.
 *   <li><b>probation</b>: start date fewer than {@code settings.probationDays()} days before the window end →
 *       standard 1.0 (floor applied) or the current weight ({@link RecalibrationOptions.Probation}); no max change.
 *   <li><b>minimum sample</b>: fewer than {@code minSample} leads in the window → the current weight is kept.
 *   <li><b>model</b>: {@link WeightModels#compute} with the measured lead → opportunity rate as
 *       {@link RepFacts#conversionRate()}. Only reps past probation with at least {@code minSample} leads carry a
 *       rate, so only they make up the team average, rank or lowest rate. Floor, cap and clamp come from the
 *       {@link io.leadflow.routing.rules.WeightSettings}.
 *   <li><b>maximum change</b>: the move from the current weight is cut to {@link MaxChange}.
 * </ol>
 *
 * <p>Triggers: {@link RecalibrationFlag#RATE_MOVED} when both rates are known and |now − previous| / previous is
 * more than {@code rateTrigger} (a previous 0 and a positive rate now counts as moved); team changes are
 * {@link RecalibrationFlag#NEW_REP} (no previous weight) and {@link RecalibrationFlag#REMOVED_REP} (a previous
 * weight for a rep who is no longer active). With no previous weights at all (first cycle) nobody is "new".
 */
public final class Recalibration {

  /** Keys of {@link RepWeight#getInputs()} written by {@link Result#toRepWeights}. */
  public static final String RATE = "rate";
  public static final String LEADS = "leads";
  public static final String OPPORTUNITIES = "opportunities";
  public static final String WINS = "wins";
  public static final String PREVIOUS_WEIGHT = "previousWeight";
  public static final String TARGET_WEIGHT = "targetWeight";
  public static final String TEAM_AVERAGE_RATE = "teamAverageRate";
  public static final String WINDOW_DAYS = "windowDays";

  private Recalibration() {}

  /** The outcome of one cycle. */
  public record Result(List<RecalibrationRow> rows, List<RecalibrationRow> removed, Double teamAverageRate,
      Instant windowEnd, RecalibrationOptions options) {

    public Result {
      rows = List.copyOf(rows);
      removed = List.copyOf(removed);
    }

    /** Rep ids flagged {@link RecalibrationFlag#NEW_REP}. */
    public List<String> added() {
      return rows.stream().filter(r -> r.has(RecalibrationFlag.NEW_REP)).map(RecalibrationRow::repId).toList();
    }

    public List<String> removedIds() {
      return removed.stream().map(RecalibrationRow::repId).toList();
    }

    /** Rep ids whose rate moved more than the trigger. */
    public List<String> rateMoved() {
      return rows.stream().filter(r -> r.has(RecalibrationFlag.RATE_MOVED)).map(RecalibrationRow::repId).toList();
    }

    /** True when any trigger fired: a rate moved or the team changed. */
    public boolean triggered() {
      return !removed.isEmpty() || rows.stream().anyMatch(r -> r.flags().stream().anyMatch(RecalibrationFlag::isTrigger));
    }

    /**
     * The records for rep-weights, one per active rep (kept weights too, so the next cycle knows the rate):
     * model = the cycle's model, inputs = rate (when known), leads, opportunities, wins, previousWeight,
     * targetWeight, teamAverageRate (when known), windowDays.
     */
    public List<RepWeight> toRepWeights(String version, Instant computedAt) {
      Objects.requireNonNull(version, "version");
      List<RepWeight> out = new ArrayList<>(rows.size());
      for (RecalibrationRow row : rows) {
        Map<String, Double> inputs = new LinkedHashMap<>();
        if (row.rateNow() != null) {
          inputs.put(RATE, row.rateNow());
        }
        inputs.put(LEADS, (double) row.performance().leads());
        inputs.put(OPPORTUNITIES, (double) row.performance().opportunities());
        inputs.put(WINS, (double) row.performance().wins());
        inputs.put(PREVIOUS_WEIGHT, row.currentWeight());
        inputs.put(TARGET_WEIGHT, row.targetWeight());
        if (teamAverageRate != null) {
          inputs.put(TEAM_AVERAGE_RATE, teamAverageRate);
        }
        inputs.put(WINDOW_DAYS, options.window().toHours() / 24.0);
        out.add(RepWeight.newBuilder().setRepId(row.repId()).setWeight(row.newWeight())
            .setModel(options.settings().model().configName()).setVersion(version).setInputs(inputs)
            .setComputedAt(computedAt).build());
      }
      return out;
    }
  }

  /**
   * Runs one cycle.
   *
   * @param team the reps topic's current records; inactive reps are left out (and count as removed if they had a
   *     weight)
   * @param previous rep-weights' current records, by rep id
   * @param performance {@link RepPerformance#measure} over the window ending at {@code windowEnd}
   * @param windowEnd end of the window; probation is counted up to its date (UTC)
   */
  public static Result run(Collection<Rep> team, Map<String, RepWeight> previous,
      Map<String, RepPerformance> performance, Instant windowEnd, RecalibrationOptions options) {
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(performance, "performance");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(options, "options");
    LocalDate today = LocalDate.ofInstant(windowEnd, ZoneOffset.UTC);
    int probationDays = options.settings().probationDays();

    Map<String, Rep> active = new TreeMap<>();
    for (Rep rep : team) {
      if (rep.getActive()) {
        if (active.put(rep.getRepId(), rep) != null) {
          throw new IllegalArgumentException("rep " + rep.getRepId() + " appears twice in the team");
        }
      }
    }

    List<RepFacts> facts = new ArrayList<>(active.size());
    Map<String, Boolean> onProbation = new HashMap<>();
    double rateSum = 0;
    int rateCount = 0;
    for (Rep rep : active.values()) {
      RepPerformance perf = performanceOf(performance, rep.getRepId());
      boolean probation = probationDays > 0 && rep.getStartDate() != null
          && ChronoUnit.DAYS.between(rep.getStartDate(), today) < probationDays;
      onProbation.put(rep.getRepId(), probation);
      boolean eligible = !probation && perf.leads() >= Math.max(1, options.minSample());
      Double rate = eligible ? perf.leadToOpportunityRate() : null;
      if (rate != null) {
        rateSum += rate;
        rateCount++;
      }
      facts.add(new RepFacts(rep.getRepId(), rep.getWeight(), rep.getTier(), rate, rep.getFte(),
          rep.getActiveOpportunities(), rep.getTenureMonths(), rep.getStartDate()));
    }
    Double teamAverage = rateCount == 0 ? null : rateSum / rateCount;
    Map<String, ComputedWeight> computed = new HashMap<>();
    for (ComputedWeight w : WeightModels.compute(facts, options.settings(), today)) {
      computed.put(w.repId(), w);
    }

    boolean hadPrevious = !previous.isEmpty();
    List<RecalibrationRow> rows = new ArrayList<>(active.size());
    for (Rep rep : active.values()) {
      String id = rep.getRepId();
      RepWeight before = previous.get(id);
      double current = before != null ? before.getWeight() : rep.getWeight();
      RepPerformance perf = performanceOf(performance, id);
      Double rateNow = perf.leadToOpportunityRate();
      Double ratePrevious = before == null ? null : before.getInputs().get(RATE);
      Set<RecalibrationFlag> flags = EnumSet.noneOf(RecalibrationFlag.class);
      double target;
      double next;
      String explanation;
      if (onProbation.get(id)) {
        flags.add(RecalibrationFlag.PROBATION);
        if (options.probation() == RecalibrationOptions.Probation.STANDARD) {
          target = computed.get(id).weight();
          explanation = computed.get(id).explanation();
        } else {
          target = current;
          explanation = "probation (started " + rep.getStartDate() + "): kept " + num(current);
        }
        next = target;
      } else if (perf.leads() < options.minSample()) {
        flags.add(RecalibrationFlag.BELOW_MIN_SAMPLE);
        target = current;
        next = current;
        explanation = "below min sample (" + perf.leads() + " < " + options.minSample() + " leads): kept " + num(current);
      } else {
        ComputedWeight weight = computed.get(id);
        target = weight.weight();
        next = options.maxChange().apply(current, target);
        explanation = weight.explanation();
        if (next != target) {
          flags.add(RecalibrationFlag.MAX_CHANGE_CAPPED);
          explanation += "; max change " + options.maxChange() + " from " + num(current) + ": " + num(next);
        }
      }
      if (rateMoved(rateNow, ratePrevious, options.rateTrigger())) {
        flags.add(RecalibrationFlag.RATE_MOVED);
      }
      if (hadPrevious && before == null) {
        flags.add(RecalibrationFlag.NEW_REP);
      }
      rows.add(new RecalibrationRow(id, current, target, next, rateNow, ratePrevious, perf, flags, explanation));
    }

    List<RecalibrationRow> removed = new ArrayList<>();
    for (String id : new TreeSet<>(previous.keySet())) {
      if (!active.containsKey(id)) {
        RepWeight before = previous.get(id);
        removed.add(new RecalibrationRow(id, before.getWeight(), before.getWeight(), before.getWeight(), null,
            before.getInputs().get(RATE), performanceOf(performance, id), Set.of(RecalibrationFlag.REMOVED_REP),
            "no longer an active rep"));
      }
    }
    return new Result(rows, removed, teamAverage, windowEnd, options);
  }

  static boolean rateMoved(Double now, Double previous, double trigger) {
    if (now == null || previous == null) {
      return false;
    }
    if (previous == 0) {
      return now > 0;
    }
    return Math.abs(now - previous) / previous > trigger;
  }

  private static RepPerformance performanceOf(Map<String, RepPerformance> performance, String repId) {
    RepPerformance perf = performance.get(repId);
    return perf != null ? perf : new RepPerformance(repId, 0, 0, 0, 0);
  }

  static String num(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
