package io.leadflow.ops.backtest;

import io.leadflow.avro.Absence;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Rep;
import io.leadflow.ops.simulate.SimulationEvent;
import io.leadflow.ops.simulate.SimulationOutput;
import io.leadflow.ops.simulate.SimulationSetup;
import io.leadflow.ops.simulate.Simulator;
import io.leadflow.ops.stats.Distribution;
import io.leadflow.platform.streams.TimerMode;
import io.leadflow.routing.RoutingConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code leadflow backtest}: the same event log through the real topologies under each policy (the current config
 * and candidates), then the figures that tell policies apart: spread, fairness against the weights, cap and
 * availability violations, time to assignment, and expected opportunities from conversion rates measured in the
 * log itself. Pure apart from running {@link Simulator}; every policy sees identical input.
 */
public final class Backtest {

  private Backtest() {}

  public static List<PolicyResult> run(List<SimulationEvent> log, List<SimulationSetup> policies) {
    Map<String, Double> rates = conversionRates(log);
    List<PolicyResult> results = new ArrayList<>();
    for (SimulationSetup policy : policies) {
      List<LeadAssignment> assignments = new ArrayList<>();
      Set<String> routedLeads = new HashSet<>();
      Set<LeadStage> routedStages = RoutingConfig.from(policy.config().with(TimerMode.SETTING, "stream-time")).routedStages();
      try (Simulator simulator = new Simulator(policy, output -> {
        if (output.value() instanceof LeadAssignment a) {
          assignments.add(a);
        } else if (output.value() instanceof LeadStageChange c && routedStages.contains(c.getToStage())) {
          routedLeads.add(c.getLeadId());
        }
      })) {
        simulator.run(log);
      }
      results.add(evaluate(policy.name(), assignments, routedLeads, new RepTimeline(policy.reps(), log), rates));
    }
    return results;
  }

  /**
   * Per rep: leads that reached OPPORTUNITY or WON with the rep ÷ leads with any outcome from the rep. Outcomes
   * without a rep id are not counted.
   */
  static Map<String, Double> conversionRates(List<SimulationEvent> log) {
    Map<String, Set<String>> touched = new HashMap<>();
    Map<String, Set<String>> converted = new HashMap<>();
    for (SimulationEvent event : log) {
      if (event.value() instanceof LeadOutcome o && o.getRepId() != null) {
        touched.computeIfAbsent(o.getRepId(), r -> new HashSet<>()).add(o.getLeadId());
        if (o.getType() == OutcomeType.OPPORTUNITY || o.getType() == OutcomeType.WON) {
          converted.computeIfAbsent(o.getRepId(), r -> new HashSet<>()).add(o.getLeadId());
        }
      }
    }
    Map<String, Double> rates = new TreeMap<>();
    touched.forEach((rep, leads) -> rates.put(rep, (double) converted.getOrDefault(rep, Set.of()).size() / leads.size()));
    return rates;
  }

  static PolicyResult evaluate(String policy, List<LeadAssignment> assignments, Set<String> routedLeads,
      RepTimeline reps, Map<String, Double> rates) {
    Map<String, String> owner = new LinkedHashMap<>();
    Map<String, Double> target = new TreeMap<>();
    Map<String, Map<LocalDate, Long>> perDay = new HashMap<>();
    Map<String, Map<LocalDate, Long>> perWeek = new HashMap<>();
    Map<String, long[]> violations = new TreeMap<>(); // day, week, availability
    List<Double> latencies = new ArrayList<>();
    for (LeadAssignment a : assignments) {
      owner.put(a.getLeadId(), a.getRepId());
      addTarget(target, a);
      Instant at = a.getAssignedAt();
      latencies.add(Math.max(0, at.toEpochMilli() - a.getEventTime().toEpochMilli()) / 1000.0);
      Rep rep = reps.at(a.getRepId(), at);
      long[] v = violations.computeIfAbsent(a.getRepId(), r -> new long[3]);
      LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
      LocalDate week = day.minusDays(day.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
      long today = perDay.computeIfAbsent(a.getRepId(), r -> new HashMap<>()).merge(day, 1L, Long::sum);
      long thisWeek = perWeek.computeIfAbsent(a.getRepId(), r -> new HashMap<>()).merge(week, 1L, Long::sum);
      if (rep != null && rep.getMaxLeadsPerDay() != null && today > rep.getMaxLeadsPerDay()) {
        v[0]++;
      }
      if (rep != null && rep.getMaxLeadsPerWeek() != null && thisWeek > rep.getMaxLeadsPerWeek()) {
        v[1]++;
      }
      if (rep == null || absent(rep, at)) {
        v[2]++;
      }
    }
    Map<String, Long> leads = new TreeMap<>();
    target.keySet().forEach(rep -> leads.put(rep, 0L));
    owner.values().forEach(rep -> leads.merge(rep, 1L, Long::sum));
    long total = owner.size();
    List<PolicyResult.RepRow> rows = new ArrayList<>();
    Map<String, List<Long>> byTier = new TreeMap<>();
    double expected = 0;
    long day = 0;
    long week = 0;
    long away = 0;
    for (Map.Entry<String, Long> e : leads.entrySet()) {
      String repId = e.getKey();
      long n = e.getValue();
      Rep rep = reps.latest(repId);
      String tier = rep == null || rep.getTier() == null ? "none" : String.valueOf(rep.getTier());
      byTier.computeIfAbsent(tier, t -> new ArrayList<>()).add(n);
      Double rate = rates.get(repId);
      double opportunities = rate == null ? 0 : n * rate;
      expected += opportunities;
      long[] v = violations.getOrDefault(repId, new long[3]);
      day += v[0];
      week += v[1];
      away += v[2];
      double targetLeads = target.getOrDefault(repId, 0.0);
      rows.add(new PolicyResult.RepRow(repId, tier, n, targetLeads, total == 0 ? 0 : (double) n / total,
          total == 0 ? 0 : targetLeads / total, rate, opportunities, v[0], v[1], v[2]));
    }
    Distribution spread = Distribution.of(leads.values());
    Map<String, Double> tierSpread = new TreeMap<>();
    byTier.forEach((tier, counts) -> tierSpread.put(tier, Distribution.of(counts).standardDeviation()));
    Distribution latency = Distribution.of(latencies);
    PolicyResult.Latency timeToAssignment = new PolicyResult.Latency(latency.percentile(0.5), latency.percentile(0.9),
        latency.percentile(0.99), latency.percentile(1.0), latency.mean());
    Set<String> unassigned = new TreeSet<>(routedLeads);
    unassigned.removeAll(owner.keySet());
    return new PolicyResult(policy, total, assignments.size(), unassigned.size(), rows, spread.gini(),
        spread.standardDeviation(), tierSpread, day, week, away, timeToAssignment, expected);
  }

  /**
   * The share each candidate was due at this decision: its weight ÷ the total weight of the candidates. A decision
   * without weighted candidates (a direct assignment) promises the lead to the rep who got it.
   */
  private static void addTarget(Map<String, Double> target, LeadAssignment a) {
    double sum = 0;
    for (Candidate c : a.getDecision().getCandidates()) {
      target.putIfAbsent(c.getRepId(), 0.0);
      sum += Math.max(0, c.getWeight());
    }
    if (sum <= 0) {
      target.merge(a.getRepId(), 1.0, Double::sum);
      return;
    }
    for (Candidate c : a.getDecision().getCandidates()) {
      if (c.getWeight() > 0) {
        target.merge(c.getRepId(), c.getWeight() / sum, Double::sum);
      }
    }
  }

  /** Inactive, availability switched off, or inside an absence window (until exclusive). */
  static boolean absent(Rep rep, Instant at) {
    if (!rep.getActive() || !rep.getAvailable()) {
      return true;
    }
    for (Absence absence : rep.getAbsences()) {
      if (!at.isBefore(absence.getFrom()) && at.isBefore(absence.getUntil())) {
        return true;
      }
    }
    return false;
  }
}
