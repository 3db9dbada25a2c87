package io.leadflow.cli.demo;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.Rep;
import io.leadflow.routing.RoundRobin;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The end-of-run table: leads per rep, actual share against the target share of the policy in force. */
final class DemoSummary {

  private DemoSummary() {}

  static void print(PrintStream out, List<Rep> reps, List<LeadAssignment> assignments, String pool) {
    Map<String, Long> perRep = assignments.stream().collect(Collectors.groupingBy(LeadAssignment::getRepId, TreeMap::new, Collectors.counting()));
    // Round robin: every eligible rep of the pool has the same target share.
    List<Rep> eligible = RoundRobin.eligible(reps, pool);
    Map<String, Rep> byId = reps.stream().collect(Collectors.toMap(Rep::getRepId, Function.identity()));
    int total = assignments.size();
    out.println();
    out.printf("%-10s %-18s %6s %8s %9s %9s %9s%n", "rep", "name", "weight", "leads", "actual", "target", "diff");
    out.println("-".repeat(75));
    for (Rep rep : eligible) {
      long leads = perRep.getOrDefault(rep.getRepId(), 0L);
      double actual = total == 0 ? 0 : 100.0 * leads / total;
      double target = 100.0 / eligible.size();
      out.printf("%-10s %-18s %6.1f %8d %8.1f%% %8.1f%% %+8.1f%n", rep.getRepId(), rep.getName(), rep.getWeight(), leads, actual,
          target, leads - target * total / 100.0);
    }
    perRep.keySet().stream().filter(id -> eligible.stream().noneMatch(r -> r.getRepId().equals(id))).forEach(id ->
        out.printf("%-10s %-18s %6s %8d %8.1f%% %9s%n", id, byId.containsKey(id) ? byId.get(id).getName() : "?", "-",
            perRep.get(id), 100.0 * perRep.get(id) / Math.max(1, total), "-"));
    out.println("-".repeat(75));
    out.printf("%-10s %-18s %6s %8d%n", "total", "", "", total);
    out.println("target = equal share of the eligible reps in pool '" + pool + "' (round robin; weights take effect with weighted routing)");
  }
}
