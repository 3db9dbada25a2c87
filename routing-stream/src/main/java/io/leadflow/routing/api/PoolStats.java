package io.leadflow.routing.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Figures of the ops dashboard, without Kafka: fairness against weighted targets and the age of waiting leads. */
final class PoolStats {

  private PoolStats() {}

  /** One rep's assigned count and weight. */
  record RepCount(String repId, double weight, long assigned) {}

  /**
   * Seed 001's minimum daily claim rate, reported rather than enforced: {@code null} when the pool sets no minimum,
   * else whether the rep claimed fewer leads today (UTC) than it asks.
   */
  static Boolean belowDailyMinimum(int claimsToday, Integer minimum) {
    return minimum == null || minimum == 0 ? null : claimsToday < minimum;
  }

  /**
   * Each rep's assigned count against their weighted target ({@code weight / Σweight · Σassigned}) and the gap.
   */
  static List<Map<String, Object>> againstTarget(List<RepCount> reps) {
    double weights = reps.stream().mapToDouble(RepCount::weight).sum();
    long total = reps.stream().mapToLong(RepCount::assigned).sum();
    List<Map<String, Object>> out = new ArrayList<>();
    for (RepCount rep : reps) {
      double target = weights <= 0 ? 0 : rep.weight() / weights * total;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("repId", rep.repId());
      row.put("weight", rep.weight());
      row.put("assigned", rep.assigned());
      row.put("target", round(target));
      row.put("gap", round(rep.assigned() - target));
      out.add(row);
    }
    return out;
  }

  /**
   * Gini coefficient of the counts per unit of weight (0 = every rep got exactly their share; towards 1 = one rep got
   * everything): mean absolute difference over twice the mean. Reps of weight 0 are left out; null without two reps.
   */
  static Double gini(List<RepCount> reps) {
    List<Double> perWeight = reps.stream().filter(r -> r.weight() > 0).map(r -> r.assigned() / r.weight()).toList();
    if (perWeight.size() < 2) {
      return null;
    }
    double mean = perWeight.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    if (mean == 0) {
      return 0.0;
    }
    double diffs = 0;
    for (double x : perWeight) {
      for (double y : perWeight) {
        diffs += Math.abs(x - y);
      }
    }
    return round(diffs / (2.0 * perWeight.size() * perWeight.size() * mean));
  }

  /** Oldest, median and count of the given ages in seconds; empty figures when there are none. */
  static Map<String, Object> ages(List<Long> seconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Long> sorted = seconds.stream().sorted().toList();
    out.put("count", sorted.size());
    out.put("oldestSeconds", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
    out.put("medianSeconds", sorted.isEmpty() ? null : sorted.get(sorted.size() / 2));
    return out;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
