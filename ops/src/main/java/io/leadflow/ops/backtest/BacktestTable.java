package io.leadflow.ops.backtest;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The backtest side by side on the terminal; the first policy is the one the others are compared with. */
public final class BacktestTable {

  private BacktestTable() {}

  public static void print(List<PolicyResult> results, PrintWriter out) {
    if (results.isEmpty()) {
      return;
    }
    double baseline = results.get(0).expectedOpportunities();
    out.printf(Locale.ROOT, "%-16s %7s %10s %6s %8s %9s %9s %7s %22s %10s %8s%n", "policy", "leads", "unassigned",
        "gini", "std dev", "day cap", "week cap", "absent", "to assign p50/p90/max", "exp. opps", "vs first");
    for (PolicyResult r : results) {
      PolicyResult.Latency t = r.timeToAssignment();
      out.printf(Locale.ROOT, "%-16s %7d %10d %6.3f %8.2f %9d %9d %7d %22s %10.2f %8s%n", r.policy(), r.leadsAssigned(),
          r.unassignedLeads(), r.gini(), r.standardDeviation(), r.dailyCapViolations(), r.weeklyCapViolations(),
          r.availabilityViolations(), duration(t.p50()) + "/" + duration(t.p90()) + "/" + duration(t.max()),
          r.expectedOpportunities(), r == results.get(0) ? "" : percent(r.expectedOpportunities() / baseline - 1));
    }
    out.println();
    out.println("leads per rep: leads (share / target share), conversion rate measured from the log's outcomes");
    Map<String, Double> rates = new TreeMap<>();
    TreeSet<String> reps = new TreeSet<>();
    for (PolicyResult r : results) {
      for (PolicyResult.RepRow row : r.reps()) {
        reps.add(row.repId());
        if (row.conversionRate() != null) {
          rates.put(row.repId(), row.conversionRate());
        }
      }
    }
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %6s", "rep", "rate"));
    results.forEach(r -> header.append(String.format(Locale.ROOT, " %24s", r.policy())));
    out.println(header);
    for (String rep : reps) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %6s", rep,
          rates.containsKey(rep) ? percent(rates.get(rep)).replace("+", "") : "-"));
      for (PolicyResult r : results) {
        PolicyResult.RepRow row = r.reps().stream().filter(x -> x.repId().equals(rep)).findFirst().orElse(null);
        line.append(String.format(Locale.ROOT, " %24s", row == null ? "-"
            : row.leads() + " (" + percent(row.share()).replace("+", "") + " / " + percent(row.targetShare()).replace("+", "") + ")"));
      }
      out.println(line);
    }
    out.println();
    out.println("std dev of leads per rep within each weight tier:");
    for (PolicyResult r : results) {
      out.printf(Locale.ROOT, "  %-16s %s%n", r.policy(), r.standardDeviationByTier().entrySet().stream()
          .map(e -> "tier " + e.getKey() + ": " + String.format(Locale.ROOT, "%.2f", e.getValue()))
          .collect(Collectors.joining(", ")));
    }
    out.flush();
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }

  static String duration(double seconds) {
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.0fs", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.0fm", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.1fh", seconds / 3600);
  }
}
