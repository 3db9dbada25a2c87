package io.leadflow.ops.backtest;

import java.util.List;
import java.util.Map;

/**
 * One policy's figures in a backtest (docs/SIMULATE.md "Backtest metrics").
 *
 * @param policy the config folder's name
 * @param leadsAssigned distinct leads assigned
 * @param assignments assignment records, re-routes included
 * @param unassignedLeads leads that reached a routing stage and were never assigned
 * @param reps one row per rep that was a candidate or got a lead, by rep id
 * @param gini Gini coefficient of leads per rep (0 = all equal)
 * @param standardDeviation population standard deviation of leads per rep
 * @param standardDeviationByTier the same within each weight tier ("none" for reps without one)
 * @param dailyCapViolations assignments beyond a rep's maxLeadsPerDay on a UTC day
 * @param weeklyCapViolations assignments beyond a rep's maxLeadsPerWeek in a UTC week (Monday first)
 * @param availabilityViolations assignments to a rep who was inactive, unavailable or absent at that moment
 * @param timeToAssignment seconds from the triggering stage change to the assignment
 * @param expectedOpportunities Σ leads × the rep's conversion rate measured from the log's outcomes
 */
public record PolicyResult(String policy, long leadsAssigned, long assignments, long unassignedLeads, List<RepRow> reps,
    double gini, double standardDeviation, Map<String, Double> standardDeviationByTier, long dailyCapViolations,
    long weeklyCapViolations, long availabilityViolations, Latency timeToAssignment, double expectedOpportunities) {

  /**
   * @param leads distinct leads this rep holds at the end (the last assignment of a lead counts)
   * @param targetLeads what the weights in force promised: at each decision, weight ÷ the candidates' total weight
   * @param share leads ÷ all leads assigned
   * @param targetShare targetLeads ÷ all leads assigned
   * @param conversionRate measured from the log: leads that reached OPPORTUNITY or WON with this rep ÷ leads with any
   *     outcome from this rep; null when the log has no outcome from the rep
   * @param expectedOpportunities leads × conversionRate (0 when the rate is unknown)
   */
  public record RepRow(String repId, String tier, long leads, double targetLeads, double share, double targetShare,
      Double conversionRate, double expectedOpportunities, long dailyCapViolations, long weeklyCapViolations,
      long availabilityViolations) {}

  /** Seconds; all 0 when nothing was assigned. */
  public record Latency(double p50, double p90, double p99, double max, double mean) {}
}
