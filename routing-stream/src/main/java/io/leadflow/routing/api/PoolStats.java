package io.leadflow.routing.api;

import io.leadflow.avro.SourceStats;
import io.leadflow.routing.rules.ClaimSources;
import io.leadflow.routing.rules.LatencyHistogram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures of the ops dashboard, without Kafka: fairness against weighted targets, the age of waiting leads, and
 * assignment latency and conversion per claim source.
 */
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

  /**
   * One row per claim source present (in {@link ClaimSources#ALL} order, unknown ones after) and a last row
   * {@code all} that adds them up (histograms add exactly): assignments, latency p50/p95/max, funnel counts and the
   * rates over assignments (conversion = reached OPPORTUNITY or WON).
   */
  static List<Map<String, Object>> bySource(Map<String, SourceStats> sources) {
    List<String> order = new ArrayList<>(ClaimSources.ALL.stream().filter(sources::containsKey).toList());
    sources.keySet().stream().filter(k -> !order.contains(k)).sorted().forEach(order::add);
    List<Map<String, Object>> rows = new ArrayList<>();
    SourceStats all = SourceStats.newBuilder().setLatencyBuckets(List.of()).build();
    for (String source : order) {
      SourceStats s = sources.get(source);
      rows.add(sourceRow(source, s));
      all.setAssigned(all.getAssigned() + s.getAssigned());
      all.setContacted(all.getContacted() + s.getContacted());
      all.setQualified(all.getQualified() + s.getQualified());
      all.setOpportunity(all.getOpportunity() + s.getOpportunity());
      all.setWon(all.getWon() + s.getWon());
      all.setLost(all.getLost() + s.getLost());
      all.setLatencyBuckets(LatencyHistogram.merge(all.getLatencyBuckets(), s.getLatencyBuckets()));
      all.setLatencyMaxMillis(Math.max(all.getLatencyMaxMillis(), s.getLatencyMaxMillis()));
    }
    if (!order.isEmpty()) {
      rows.add(sourceRow("all", all));
    }
    return rows;
  }

  private static Map<String, Object> sourceRow(String source, SourceStats s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("source", source);
    row.put("assigned", s.getAssigned());
    row.put("latency", latency(s.getLatencyBuckets(), s.getLatencyMaxMillis()));
    row.put("contacted", s.getContacted());
    row.put("qualified", s.getQualified());
    row.put("opportunity", s.getOpportunity());
    row.put("won", s.getWon());
    row.put("lost", s.getLost());
    row.put("contactRate", rate(s.getContacted(), s.getAssigned()));
    row.put("conversionRate", rate(s.getOpportunity(), s.getAssigned()));
    row.put("winRate", rate(s.getWon(), s.getAssigned()));
    return row;
  }

  /** Count, p50, p95 and max of a latency histogram, in seconds. */
  static Map<String, Object> latency(List<Long> buckets, long maxMillis) {
    Map<String, Object> out = new LinkedHashMap<>();
    long count = LatencyHistogram.count(buckets);
    out.put("count", count);
    out.put("p50Seconds", seconds(LatencyHistogram.quantile(buckets, 0.5, maxMillis)));
    out.put("p95Seconds", seconds(LatencyHistogram.quantile(buckets, 0.95, maxMillis)));
    out.put("maxSeconds", count == 0 ? null : seconds(maxMillis));
    return out;
  }

  private static Double seconds(Long millis) {
    return millis == null ? null : millis / 1000.0;
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : round((double) part / whole);
  }
}
