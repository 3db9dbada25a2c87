package io.leadflow.ops.explain;

import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.SkippedRep;
import io.leadflow.ops.report.TextReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A readable trace of one lead for sales ops: score history, stage changes, every assignment with the routing
 * decision (why this rep), SLA re-routes and outcomes. Records of other leads in the lists are ignored.
 */
public final class LeadExplanation {

  private final String leadId;
  private final List<String> lines;

  private LeadExplanation(String leadId, List<String> lines) {
    this.leadId = leadId;
    this.lines = List.copyOf(lines);
  }

  public static LeadExplanation of(String leadId, List<LeadStageChange> stageChanges, List<LeadScore> scores,
      List<LeadAssignment> assignments, List<LeadOutcome> outcomes) {
    List<String> out = new ArrayList<>();
    out.add("Lead " + leadId);

    List<LeadScore> myScores = scores.stream().filter(s -> s.getLeadId().equals(leadId))
        .sorted(Comparator.comparing(LeadScore::getScoredAt)).toList();
    out.add("");
    out.add("Score history (" + myScores.size() + ")");
    for (LeadScore s : myScores) {
      out.add(String.format(Locale.ROOT, "  %s  total %.1f = fit %.1f + engagement %.1f  band %s  (config %s)",
          s.getScoredAt(), s.getTotalScore(), s.getFitScore(), s.getEngagementScore(), s.getStage(),
          s.getConfigVersion()));
      if (!s.getFitRulesFired().isEmpty()) {
        out.add("      fit rules fired: " + String.join(", ", s.getFitRulesFired()));
      }
      if (!s.getSignals().isEmpty()) {
        out.add("      signals: " + s.getSignals().stream()
            .map(g -> String.format(Locale.ROOT, "%s %.1f", g.getSignal(), g.getDecayedValue()))
            .collect(Collectors.joining(", ")));
      }
    }

    List<LeadStageChange> changes = stageChanges.stream().filter(c -> c.getLeadId().equals(leadId))
        .sorted(Comparator.comparing(LeadStageChange::getOccurredAt)).toList();
    out.add("");
    out.add("Stage changes (" + changes.size() + ")");
    for (LeadStageChange c : changes) {
      out.add(String.format(Locale.ROOT, "  %s  %s -> %s  score %.1f  reason: %s  (rules %s)", c.getOccurredAt(),
          c.getFromStage(), c.getToStage(), c.getTotalScore(), c.getReason(), c.getConfigVersion()));
    }

    List<LeadAssignment> mine = assignments.stream().filter(a -> a.getLeadId().equals(leadId))
        .sorted(Comparator.comparing(LeadAssignment::getAssignedAt)).toList();
    out.add("");
    out.add("Assignments (" + mine.size() + ")");
    for (LeadAssignment a : mine) {
      var d = a.getDecision();
      out.add(String.format("  %s  -> %s  method %s  priority %s  (event %s, latency %s)", a.getAssignedAt(),
          a.getRepId(), a.getMethod(), a.getPriority(), a.getEventTime(),
          TextReport.duration(Duration.between(a.getEventTime(), a.getAssignedAt()))));
      if (a.getPreviousRepId() != null) {
        out.add("      re-routed from " + a.getPreviousRepId() + " (" + a.getMethod() + ")");
      }
      out.add(String.format("      rule %s, pool %s, weight model %s, lead #%d in window, config %s",
          d.getRuleMatched(), d.getPoolId(), d.getWeightModel(), d.getLeadNumberInWindow(), d.getConfigVersion()));
      if (d.getCandidates().isEmpty()) {
        out.add("      no candidates: direct route");
      } else {
        out.add("      candidates (* = chosen):");
      }
      for (Candidate c : d.getCandidates()) {
        out.add(String.format(Locale.ROOT, "      %s %-12s weight %.2f  window count %d",
            c.getRepId().equals(a.getRepId()) ? "*" : " ", c.getRepId(), c.getWeight(), c.getWindowCount()));
      }
      for (SkippedRep s : d.getSkipped()) {
        out.add("      skipped " + s.getRepId() + ": " + s.getReason());
      }
      if (d.getFallback() != null) {
        out.add("      fallback: " + d.getFallback());
      }
    }

    List<LeadOutcome> myOutcomes = outcomes.stream().filter(o -> o.getLeadId().equals(leadId))
        .sorted(Comparator.comparing(LeadOutcome::getOccurredAt)).toList();
    out.add("");
    out.add("Outcomes (" + myOutcomes.size() + ")");
    Instant firstAssigned = mine.isEmpty() ? null : mine.get(0).getAssignedAt();
    for (LeadOutcome o : myOutcomes) {
      StringBuilder line = new StringBuilder(String.format("  %s  %s", o.getOccurredAt(), o.getType()));
      if (o.getRepId() != null) {
        line.append("  by ").append(o.getRepId());
      }
      if (o.getReason() != null) {
        line.append("  reason: ").append(o.getReason());
      }
      if (o.getAmount() != null) {
        line.append(String.format(Locale.ROOT, "  amount %.2f", o.getAmount()));
      }
      if (firstAssigned != null && !o.getOccurredAt().isBefore(firstAssigned)) {
        line.append("  (").append(TextReport.duration(Duration.between(firstAssigned, o.getOccurredAt()))).append(" after first assignment)");
      }
      out.add(line.toString());
    }
    return new LeadExplanation(leadId, out);
  }

  public String leadId() {
    return leadId;
  }

  public List<String> lines() {
    return lines;
  }

  public boolean isEmpty() {
    return lines.stream().noneMatch(l -> l.startsWith("  "));
  }

  @Override
  public String toString() {
    return String.join("\n", lines) + "\n";
  }
}
