package io.leadflow.cli.demo;

import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.Rep;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The end-of-run table: leads per rep against their target. A rep's target is the sum, over every pool decision
 * they were a candidate in, of their share of the candidates' weights; leads routed straight to a rep (account
 * owners, fallback reps) count as their target too.
 */
final class DemoSummary {

  private DemoSummary() {}

  static void print(PrintStream out, List<Rep> reps, List<LeadAssignment> assignments) {
    Map<String, Long> perRep = new TreeMap<>();
    Map<String, Double> target = new TreeMap<>();
    Map<String, Long> perRule = new TreeMap<>();
    Map<String, Long> perFallback = new TreeMap<>();
    for (LeadAssignment assignment : assignments) {
      perRep.merge(assignment.getRepId(), 1L, Long::sum);
      perRule.merge(assignment.getDecision().getRuleMatched() + " → " + assignment.getPoolId(), 1L, Long::sum);
      if (assignment.getDecision().getFallback() != null) {
        perFallback.merge(assignment.getDecision().getFallback(), 1L, Long::sum);
      }
      List<Candidate> candidates = assignment.getDecision().getCandidates();
      double totalWeight = candidates.stream().mapToDouble(Candidate::getWeight).sum();
      for (Candidate candidate : candidates) {
        target.merge(candidate.getRepId(), totalWeight == 0 ? 0 : candidate.getWeight() / totalWeight, Double::sum);
      }
    }
    Map<String, Rep> byId = reps.stream().collect(Collectors.toMap(Rep::getRepId, Function.identity()));
    out.println();
    out.printf("%-10s %-18s %8s %9s %9s%n", "rep", "name", "leads", "target", "diff");
    out.println("-".repeat(58));
    Set<String> repIds = new TreeSet<>(target.keySet());
    repIds.addAll(perRep.keySet());
    for (String repId : repIds) {
      long leads = perRep.getOrDefault(repId, 0L);
      double expected = target.getOrDefault(repId, 0.0);
      out.printf("%-10s %-18s %8d %9.1f %+9.1f%n", repId, byId.containsKey(repId) ? byId.get(repId).getName() : "?",
          leads, expected, leads - expected);
    }
    out.println("-".repeat(58));
    out.printf("%-10s %-18s %8d%n", "total", "", assignments.size());
    out.println("target = each rep's share of the candidates' weights, summed over the decisions they took part in");
    out.println();
    out.println("by rule and pool:");
    perRule.forEach((rule, count) -> out.printf("  %-36s %6d%n", rule, count));
    if (!perFallback.isEmpty()) {
      out.println("fallbacks:");
      perFallback.forEach((fallback, count) -> out.printf("  %-36s %6d%n", fallback, count));
    }
  }
}
