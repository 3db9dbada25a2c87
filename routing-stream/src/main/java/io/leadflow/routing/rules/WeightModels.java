package io.leadflow.routing.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Computes rep weights with the models of seed 000 ("Gewichtete Lead-Verteilung"); a rep then gets {@code
 * weight / Σ weights} of the leads. Pure and deterministic: no I/O, no clock (the caller passes {@code today}).
 *
 * <p>Rules applied in this order, per rep:
 *
 * <ol>
 *   <li><b>Probation</b> (seed "Bewährungsfristen: Neue Reps bekommen Standard-Allokation für erste 90 Tage"):
 *       under a performance model ({@link WeightModel#isPerformanceBased()}), a rep whose start date is fewer than
 *       {@code probationDays} days before {@code today} gets 1.0. The start date is day 1, so a rep who started 89
 *       days ago is on day 90 (still probation) and one who started 90 days ago is out. A start date after today
 *       also counts as probation. Static, tier, FTE and capacity weights describe the rep as configured or as
 *       loaded today, so probation does not override them (a new part-timer still works half time).
 *   <li><b>Missing figure</b>: the standard weight 1.0, with the reason in the explanation.
 *   <li><b>Model weight</b>. Team figures (average rate, rank, lowest rate, average load, average tenure) are
 *       taken over the reps that have the figure and are not on probation: a new rep's rate rests on too few
 *       leads (seed: "wenn Stichprobengrößen klein sind, warten") and should not move everyone else's weight.
 *       When the team figure is 0 (everyone converts 0%), every rep gets 1.0: nobody is better than anyone.
 *   <li><b>Floor</b> last: {@code max(weight, floor)}, except that a weight of exactly 0 from a non-performance
 *       model stays 0 (static 0, tier mapped to 0, FTE 0, capacity at the threshold without a capacity floor):
 *       that 0 means "takes no leads", which the anti-demotivation floor is not meant to undo. A 0 from a
 *       performance model (a rep converting 0%) is exactly what the floor is for, so it is lifted.
 * </ol>
 *
 * <p>Model details that the seed leaves open:
 *
 * <ul>
 *   <li><b>percentile</b>: rank = 100 × (reps whose rate is at or below the rep's) / (reps with a rate), the
 *       inclusive rank; it is the one that gives all three seed figures in a team of ten (top → 100 → 2.0, fifth
 *       → 50 → 1.0, bottom → 10 → 0.2). Tied reps share the higher rank.
 *   <li><b>proportional</b>: divides by the lowest <em>positive</em> rate (dividing by 0% is undefined); a rep
 *       at 0% gets 0, and if nobody converts everyone gets 1.0.
 *   <li><b>stepped</b>: above the upper threshold → high, from the lower up to and including the upper → mid,
 *       below the lower → low (seed "&gt; 30%", "20-30%", "&lt; 20%").
 *   <li><b>capacity</b>: {@code max(1 − active/threshold, capacityFloor)}; the seed's minimum 0.3 applies at and
 *       over the threshold too ("damit Top-Performer noch etwas Flow bekommen").
 *   <li><b>composite</b>: as in the seed's example, each factor is relative to the team average: performance =
 *       rate / average rate (40/25 = 1.6), capacity = average open opps / the rep's (40/30 = 1.33, fewer open
 *       opps = more room), experience = tenure / average tenure (3 y / 2 y = 1.5). Each factor is capped at
 *       {@code compositeFactorCap}; that also settles a rep with no open opportunities (otherwise infinite). A
 *       missing factor counts as 1.0. Tenure is {@code tenureMonths}, or whole months since {@code startDate}.
 * </ul>
 */
public final class WeightModels {

  static final double STANDARD_WEIGHT = 1.0;

  private WeightModels() {}

  /**
   * Weights for every rep of {@code team}, in the order given.
   *
   * @throws IllegalArgumentException if a rep id appears twice
   */
  public static List<ComputedWeight> compute(List<RepFacts> team, WeightSettings settings, LocalDate today) {
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(today, "today");
    requireUniqueRepIds(team);

    WeightModel model = settings.model();
    int size = team.size();
    long[] probationDay = new long[size]; // 0 = not on probation, else the 1-based day (≤ 0 before the start)
    boolean[] onProbation = new boolean[size];
    for (int i = 0; i < size; i++) {
      RepFacts rep = team.get(i);
      if (model.isPerformanceBased() && settings.probationDays() > 0 && rep.startDate() != null) {
        long daysSinceStart = ChronoUnit.DAYS.between(rep.startDate(), today);
        if (daysSinceStart < settings.probationDays()) {
          onProbation[i] = true;
          probationDay[i] = daysSinceStart + 1;
        }
      }
    }
    TeamFigures figures = TeamFigures.of(team, onProbation, model, today);

    ComputedWeight[] weights = new ComputedWeight[size];
    for (int i = 0; i < size; i++) {
      RepFacts rep = team.get(i);
      if (onProbation[i]) {
        String explanation = probationDay[i] >= 1
            ? "probation (day " + probationDay[i] + " of " + settings.probationDays() + "): 1.0"
            : "probation (starts " + rep.startDate() + "): 1.0";
        weights[i] = withFloor(rep.repId(), STANDARD_WEIGHT, explanation, settings);
      } else {
        weights[i] = modelWeight(rep, figures, settings, today);
      }
    }
    return List.of(weights);
  }

  private static ComputedWeight modelWeight(RepFacts rep, TeamFigures team, WeightSettings settings, LocalDate today) {
    String id = rep.repId();
    WeightModel model = settings.model();
    Double rate = rep.conversionRate();
    if (model.isPerformanceBased() && model != WeightModel.COMPOSITE && rate == null) {
      return withFloor(id, STANDARD_WEIGHT, "no conversion rate: standard 1.0", settings);
    }
    switch (model) {
      case STATIC:
        return withFloor(id, rep.staticWeight(), "static " + num(rep.staticWeight()), settings);
      case TIER: {
        if (rep.tier() == null) {
          return withFloor(id, STANDARD_WEIGHT, "no tier: standard 1.0", settings);
        }
        Double tierWeight = settings.tierWeights().get(rep.tier());
        if (tierWeight == null) {
          return withFloor(id, STANDARD_WEIGHT, "tier " + rep.tier() + " not mapped: standard 1.0", settings);
        }
        return withFloor(id, tierWeight, "tier " + rep.tier() + ": " + num(tierWeight), settings);
      }
      case NORMALIZED:
      case CAPPED:
      case CLAMPED:
      case SQRT: {
        if (!(team.averageRate > 0)) {
          return withFloor(id, STANDARD_WEIGHT, "team average rate 0: standard 1.0", settings);
        }
        double ratio = rate / team.averageRate;
        String derivation = model.configName() + " " + num(rate) + "/" + num(team.averageRate);
        return withFloor(id, relativeWeight(model, ratio, settings), derivation + relativeSuffix(model, ratio, settings), settings);
      }
      case PERCENTILE: {
        int atOrBelow = countAtOrBelow(team.sortedRates, rate);
        double rank = 100.0 * atOrBelow / team.sortedRates.length;
        double weight = rank / 50;
        return withFloor(id, weight, "percentile rank " + num(rank) + " (" + atOrBelow + " of "
            + team.sortedRates.length + " at or below)/50=" + num(weight), settings);
      }
      case PROPORTIONAL: {
        if (!(team.lowestPositiveRate > 0)) {
          return withFloor(id, STANDARD_WEIGHT, "no positive rate in team: standard 1.0", settings);
        }
        double weight = rate / team.lowestPositiveRate;
        return withFloor(id, weight, "proportional " + num(rate) + "/" + num(team.lowestPositiveRate) + "=" + num(weight), settings);
      }
      case STEPPED:
        return stepped(id, rate, settings);
      case CAPACITY_FTE:
        return withFloor(id, rep.fte(), "fte " + num(rep.fte()), settings);
      case CAPACITY_LOAD:
        return capacityLoad(rep, settings);
      case COMPOSITE:
        return composite(rep, team, settings, today);
      default:
        throw new IllegalStateException("unhandled weight model " + model);
    }
  }

  private static double relativeWeight(WeightModel model, double ratio, WeightSettings settings) {
    switch (model) {
      case CAPPED:
        return Math.min(ratio, settings.cap());
      case CLAMPED:
        return Math.min(Math.max(ratio, settings.clampMin()), settings.clampMax());
      case SQRT:
        return Math.sqrt(ratio);
      default:
        return ratio;
    }
  }

  private static String relativeSuffix(WeightModel model, double ratio, WeightSettings settings) {
    double weight = relativeWeight(model, ratio, settings);
    if (model == WeightModel.SQRT) {
      return "=" + num(ratio) + ", sqrt=" + num(weight);
    }
    if (weight != ratio) {
      return "=" + num(ratio) + " -> " + (weight < ratio ? "max " : "min ") + num(weight);
    }
    return "=" + num(weight);
  }

  private static ComputedWeight stepped(String id, double rate, WeightSettings settings) {
    if (rate > settings.steppedUpperThreshold()) {
      return withFloor(id, settings.steppedHighWeight(), "stepped " + num(rate) + " > "
          + num(settings.steppedUpperThreshold()) + ": " + num(settings.steppedHighWeight()), settings);
    }
    if (rate >= settings.steppedLowerThreshold()) {
      return withFloor(id, settings.steppedMidWeight(), "stepped " + num(rate) + " in " + num(settings.steppedLowerThreshold())
          + ".." + num(settings.steppedUpperThreshold()) + ": " + num(settings.steppedMidWeight()), settings);
    }
    return withFloor(id, settings.steppedLowWeight(), "stepped " + num(rate) + " < "
        + num(settings.steppedLowerThreshold()) + ": " + num(settings.steppedLowWeight()), settings);
  }

  private static ComputedWeight capacityLoad(RepFacts rep, WeightSettings settings) {
    if (rep.activeOpportunities() == null) {
      return withFloor(rep.repId(), STANDARD_WEIGHT, "no active-opportunity count: standard 1.0", settings);
    }
    int active = rep.activeOpportunities();
    double free = 1.0 - (double) active / settings.capacityThreshold();
    String derivation = "capacity 1-" + active + "/" + settings.capacityThreshold() + "=" + num(free);
    if (free < settings.capacityFloor()) {
      return withFloor(rep.repId(), settings.capacityFloor(), derivation + " -> min " + num(settings.capacityFloor()), settings);
    }
    return withFloor(rep.repId(), free, derivation, settings);
  }

  private static ComputedWeight composite(RepFacts rep, TeamFigures team, WeightSettings settings, LocalDate today) {
    double factorCap = settings.compositeFactorCap();
    Double rate = rep.conversionRate();
    double performance = rate == null ? STANDARD_WEIGHT : relativeToAverage(rate, team.averageRate, factorCap);
    Integer active = rep.activeOpportunities();
    double capacity = active == null || !(team.averageActive > 0) ? STANDARD_WEIGHT
        : active == 0 ? factorCap : Math.min(team.averageActive / active, factorCap);
    Double tenure = tenureMonths(rep, today);
    double experience = tenure == null ? STANDARD_WEIGHT : relativeToAverage(tenure, team.averageTenureMonths, factorCap);
    double weight = settings.compositePerformanceCoefficient() * performance
        + settings.compositeCapacityCoefficient() * capacity
        + settings.compositeExperienceCoefficient() * experience;
    String explanation = "composite " + num(settings.compositePerformanceCoefficient()) + "*perf "
        + (rate == null ? "n/a 1.0" : num(performance))
        + " + " + num(settings.compositeCapacityCoefficient()) + "*cap " + (active == null ? "n/a 1.0" : num(capacity))
        + " + " + num(settings.compositeExperienceCoefficient()) + "*exp " + (tenure == null ? "n/a 1.0" : num(experience))
        + " = " + num(weight);
    return withFloor(rep.repId(), weight, explanation, settings);
  }

  /** value / average, capped; 1.0 when the team average is 0 or unknown (nobody to compare against). */
  private static double relativeToAverage(double value, double average, double cap) {
    return average > 0 ? Math.min(value / average, cap) : STANDARD_WEIGHT;
  }

  private static Double tenureMonths(RepFacts rep, LocalDate today) {
    if (rep.tenureMonths() != null) {
      return rep.tenureMonths().doubleValue();
    }
    if (rep.startDate() != null) {
      return (double) Math.max(0, ChronoUnit.MONTHS.between(rep.startDate(), today));
    }
    return null;
  }

  private static ComputedWeight withFloor(String repId, double weight, String explanation, WeightSettings settings) {
    Double floor = settings.floor();
    boolean zeroMeansNoLeads = weight == 0 && !settings.model().isPerformanceBased();
    if (floor != null && weight < floor && !zeroMeansNoLeads) {
      return new ComputedWeight(repId, floor, explanation + " -> floor " + num(floor));
    }
    return new ComputedWeight(repId, weight, explanation);
  }

  /** Number of sorted values ≤ {@code value} (upper bound by binary search). */
  private static int countAtOrBelow(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static void requireUniqueRepIds(List<RepFacts> team) {
    Set<String> seen = new HashSet<>(team.size() * 2);
    for (RepFacts rep : team) {
      if (!seen.add(Objects.requireNonNull(rep, "team member").repId())) {
        throw new IllegalArgumentException("rep " + rep.repId() + " appears twice in the team");
      }
    }
  }

  /** Two decimals at least, up to four when they matter: "1.60", "1.3333", "0.125". */
  static String num(double value) {
    // Runs for every rep on every decision: String.format was most of a decision's cost in pools of 1,000 reps.
    String text = Math.abs(value) < 1e12 ? fourDecimals(value) : String.format(Locale.ROOT, "%.4f", value);
    int end = text.length();
    int keepUntil = text.indexOf('.') + 3;
    while (end > keepUntil && text.charAt(end - 1) == '0') {
      end--;
    }
    return text.substring(0, end);
  }

  /** {@code String.format(Locale.ROOT, "%.4f", value)} for finite values below 1e12, but for a last digit that may round the other way on a binary tie. */
  private static String fourDecimals(double value) {
    long scaled = Math.round(Math.abs(value) * 10_000);
    StringBuilder text = new StringBuilder(16);
    if (value < 0 && scaled != 0) {
      text.append('-');
    }
    long fraction = scaled % 10_000;
    text.append(scaled / 10_000).append('.');
    for (long digit = 1_000; digit > 0; digit /= 10) {
      text.append((char) ('0' + fraction / digit % 10));
    }
    return text.toString();
  }

  /** Team figures over the reps that have the figure and are not on probation; only what the model needs. */
  private static final class TeamFigures {
    double averageRate;
    double lowestPositiveRate;
    double[] sortedRates = new double[0];
    double averageActive;
    double averageTenureMonths;

    static TeamFigures of(List<RepFacts> team, boolean[] onProbation, WeightModel model, LocalDate today) {
      TeamFigures figures = new TeamFigures();
      double rateSum = 0;
      int rateCount = 0;
      double lowestPositive = Double.POSITIVE_INFINITY;
      double activeSum = 0;
      int activeCount = 0;
      double tenureSum = 0;
      int tenureCount = 0;
      double[] rates = model == WeightModel.PERCENTILE ? new double[team.size()] : null;
      for (int i = 0; i < team.size(); i++) {
        if (onProbation[i]) {
          continue;
        }
        RepFacts rep = team.get(i);
        Double rate = rep.conversionRate();
        if (rate != null) {
          if (rates != null) {
            rates[rateCount] = rate;
          }
          rateSum += rate;
          rateCount++;
          if (rate > 0 && rate < lowestPositive) {
            lowestPositive = rate;
          }
        }
        if (model == WeightModel.COMPOSITE) {
          if (rep.activeOpportunities() != null) {
            activeSum += rep.activeOpportunities();
            activeCount++;
          }
          Double tenure = tenureMonths(rep, today);
          if (tenure != null) {
            tenureSum += tenure;
            tenureCount++;
          }
        }
      }
      figures.averageRate = rateCount == 0 ? 0 : rateSum / rateCount;
      figures.lowestPositiveRate = lowestPositive == Double.POSITIVE_INFINITY ? 0 : lowestPositive;
      if (rates != null) {
        figures.sortedRates = Arrays.copyOf(rates, rateCount);
        Arrays.sort(figures.sortedRates);
      }
      figures.averageActive = activeCount == 0 ? 0 : activeSum / activeCount;
      figures.averageTenureMonths = tenureCount == 0 ? 0 : tenureSum / tenureCount;
      return figures;
    }
  }
}
