package io.leadflow.cli.fault;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStage;
import io.leadflow.enrichment.LeadEnricher;
import io.leadflow.scoring.LeadScorer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verifier's judgement, apart from Kafka so that it can be tested on made-up outputs: what the pipeline wrote
 * (read with read_committed) against what the input implies, recomputed with the same rule libraries the services
 * use (enrichment's {@link LeadEnricher}, scoring's {@link LeadScorer}).
 */
final class FaultChecks {

  /** Scores are doubles summed in another order (decay forwards older points): equal within this. */
  static final double TOLERANCE = 1e-6;
  /** A lead counts as due for routing when its recomputed total is this far above the MQL threshold. */
  static final double ROUTING_MARGIN = 1.0;
  private static final int EXAMPLES = 5;

  /** What the pipeline wrote, as the verifier read it. */
  static final class Observed {
    final Map<String, LeadScore> lastScore = new HashMap<>();
    final Set<String> reachedRouting = new HashSet<>();
    final Map<String, Integer> assignmentsPerLead = new HashMap<>();
    long assignmentRecords;
    long dlqRecords;
    final List<String> hungPartitions = new ArrayList<>();

    void score(String leadId, LeadScore score) {
      lastScore.put(leadId, score); // read in offset order per partition, and a lead lives in one partition
    }

    void stageChange(String leadId, LeadStage to) {
      if (to == LeadStage.MQL || to == LeadStage.HOT) {
        reachedRouting.add(leadId);
      }
    }

    void assignment(String leadId) {
      assignmentRecords++;
      assignmentsPerLead.merge(leadId, 1, Integer::sum);
    }
  }

  record Result(int leads, int reachedRouting, int dueByRecomputation, int assignedLeads, long assignmentRecords,
                int lost, int duplicates, int unexpectedAssignments, int scoreMismatches, int missingScores,
                long dlqRecords, int hungPartitions, List<String> examples) {
    boolean passed() {
      return lost == 0 && duplicates == 0 && unexpectedAssignments == 0 && scoreMismatches == 0 && missingScores == 0
          && dlqRecords == 0 && hungPartitions == 0;
    }
  }

  /** Fit and engagement of the lead after all its events, evaluated at {@code at}. */
  record Recomputed(double fit, double engagement) {
    double total() {
      return fit + engagement;
    }
  }

  private final FaultWorkload workload;
  private final LeadEnricher enricher;
  private final LeadScorer scorer;

  FaultChecks(FaultWorkload workload, LeadEnricher enricher, LeadScorer scorer) {
    this.workload = workload;
    this.enricher = enricher;
    this.scorer = scorer;
  }

  Recomputed recompute(FaultWorkload.Lead lead, Instant at) {
    EnrichedLead enriched = enricher.withCompany(enricher.identify(lead.profile()), lead.company(), null,
        lead.profile().getOccurredAt());
    LeadScoreState state = LeadScorer.newState(lead.leadId(), lead.profile().getOccurredAt());
    for (LeadEvent event : lead.activities()) {
      scorer.addActivity(state, event.getActivity(), event.getOccurredAt());
    }
    return new Recomputed(scorer.fit(enriched).points(), scorer.engagementAt(state, at));
  }

  Result check(int leads, Observed observed) {
    List<String> examples = new ArrayList<>();
    int due = 0;
    int lost = 0;
    int mismatches = 0;
    int missing = 0;
    Set<String> shouldRoute = new HashSet<>(observed.reachedRouting);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < leads; i++) {
      FaultWorkload.Lead lead = workload.lead(i);
      ids.add(lead.leadId());
      if (recompute(lead, lead.lastEventAt()).total() >= scorer.rules().thresholds().mql() + ROUTING_MARGIN) {
        due++;
        shouldRoute.add(lead.leadId());
      }
      LeadScore last = observed.lastScore.get(lead.leadId());
      if (last == null) {
        missing++;
        example(examples, "no score at all for " + lead.leadId());
        continue;
      }
      Recomputed expected = recompute(lead, last.getScoredAt());
      if (!close(expected.fit(), last.getFitScore()) || !close(expected.engagement(), last.getEngagementScore())) {
        mismatches++;
        example(examples, String.format("score of %s at %s: pipeline fit %.6f engagement %.6f, recomputed fit %.6f engagement %.6f",
            lead.leadId(), last.getScoredAt(), last.getFitScore(), last.getEngagementScore(), expected.fit(), expected.engagement()));
      }
    }
    for (String leadId : shouldRoute) {
      if (!observed.assignmentsPerLead.containsKey(leadId)) {
        lost++;
        example(examples, "lost: " + leadId + (observed.reachedRouting.contains(leadId)
            ? " reached MQL/HOT but has no assignment" : " scores above MQL but never reached routing"));
      }
    }
    int duplicates = 0;
    int unexpected = 0;
    for (Map.Entry<String, Integer> entry : observed.assignmentsPerLead.entrySet()) {
      if (entry.getValue() > 1) {
        duplicates += entry.getValue() - 1;
        example(examples, "duplicate: " + entry.getKey() + " has " + entry.getValue() + " assignments");
      }
      if (!shouldRoute.contains(entry.getKey()) || !ids.contains(entry.getKey())) {
        unexpected++;
        example(examples, "unexpected: " + entry.getKey() + " was assigned without reaching MQL/HOT");
      }
    }
    observed.hungPartitions.stream().limit(EXAMPLES).forEach(p -> example(examples, "transaction never ended on " + p));
    if (observed.dlqRecords > 0) {
      example(examples, observed.dlqRecords + " records in the DLQs (the workload has no bad input)");
    }
    return new Result(leads, observed.reachedRouting.size(), due, observed.assignmentsPerLead.size(),
        observed.assignmentRecords, lost, duplicates, unexpected, mismatches, missing, observed.dlqRecords,
        observed.hungPartitions.size(), List.copyOf(examples));
  }

  private static boolean close(double expected, double actual) {
    return Math.abs(expected - actual) <= TOLERANCE * Math.max(1, Math.abs(expected));
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < 3 * EXAMPLES) {
      examples.add(text);
    }
  }
}
