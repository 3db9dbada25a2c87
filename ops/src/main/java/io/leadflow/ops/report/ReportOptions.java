package io.leadflow.ops.report;

import java.time.Duration;
import java.time.Instant;

/**
 * Period and thresholds of a {@link KpiReport}; see docs/REPORT.md. {@code from}/{@code to} may be null: the
 * period then runs from the first assignment to just after the last record.
 */
public record ReportOptions(Instant from, Instant to, Duration highPriorityResponseLimit, double highTierFrom,
    double midTierFrom, double dqSpikeFactor, int dqSpikeMinLeads, double contactTopShare, double contactFlagShare,
    int contactMinLeads, double velocitySlowdown) {

  public static ReportOptions defaults() {
    return new ReportOptions(null, null, Duration.ofHours(1), 1.5, 0.8, 2.0, 5, 0.10, 0.50, 10, 1.5);
  }

  public ReportOptions withPeriod(Instant from, Instant to) {
    return new ReportOptions(from, to, highPriorityResponseLimit, highTierFrom, midTierFrom, dqSpikeFactor,
        dqSpikeMinLeads, contactTopShare, contactFlagShare, contactMinLeads, velocitySlowdown);
  }

  /** Weight tier of a candidate weight: high (≥ highTierFrom), mid (≥ midTierFrom), low; "direct" without one. */
  public String tier(Double weight) {
    if (weight == null) {
      return "direct";
    }
    return weight >= highTierFrom ? "high" : weight >= midTierFrom ? "mid" : "low";
  }
}
