package io.leadflow.scoring;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps each lead's score state and emits score updates and stage transitions. */
final class ScoreLeadProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private final LeadScorer scorer;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, LeadScoreState> states;

  ScoreLeadProcessor(LeadScorer scorer) {
    this.scorer = scorer;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.states = context.getStateStore(ScoringTopology.LEAD_SCORE_STATE_STORE);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.value() instanceof EnrichedLead lead) {
      LeadScoreState state = stateOf(lead.getLeadId(), record.timestamp());
      if (state.getLead() != null && lead.getOccurredAt().isBefore(state.getLead().getOccurredAt())) {
        return; // a late re-emission of an older profile version (e.g. one that expired while pending)
      }
      state.setLead(lead);
      announceStageChange(state, record.timestamp(), "profile arrived after engagement reached " + state.getStage());
      states.put(lead.getLeadId(), state);
    } else if (record.value() instanceof LeadEvent event && isScorableActivity(record.key(), event)) {
      score(event, record.timestamp());
    }
    // Profile events and invalid events are the enrichment stream's business (it validates and DLQs them).
  }

  /** The record key must be the lead id: it decides the partition, and so which task holds the lead's state. */
  private static boolean isScorableActivity(String key, LeadEvent event) {
    return event.getType() == LeadEventType.ACTIVITY && event.getActivity() != null
        && event.getLeadId() != null && event.getLeadId().equals(key);
  }

  private void score(LeadEvent event, long timestamp) {
    LeadScoreState state = stateOf(event.getLeadId(), timestamp);
    state.setEngagementPoints(state.getEngagementPoints() + scorer.pointsFor(event.getActivity()));
    state.setLastEventAt(Instant.ofEpochMilli(timestamp));
    state.setStage(scorer.stageFor(state));
    context.forward(new Record<>(state.getLeadId(), toScore(state, timestamp), timestamp), ScoringTopology.LEAD_SCORES_SINK);
    announceStageChange(state, timestamp,
        "engagement " + state.getEngagementPoints() + " reached the " + state.getStage() + " threshold");
    states.put(state.getLeadId(), state);
  }

  /**
   * Tells downstream about a stage it has not heard of yet, but only once the enriched profile is known:
   * routing needs to know who the lead is, and activities often arrive before enrichment has finished.
   */
  private void announceStageChange(LeadScoreState state, long timestamp, String reason) {
    if (state.getLead() == null || state.getStage() == state.getAnnouncedStage()) {
      return;
    }
    LeadStageChange change = LeadStageChange.newBuilder()
        .setLeadId(state.getLeadId())
        .setFromStage(state.getAnnouncedStage())
        .setToStage(state.getStage())
        .setReason(reason)
        .setTotalScore(state.getEngagementPoints())
        .setOccurredAt(Instant.ofEpochMilli(timestamp))
        .setLead(state.getLead())
        .build();
    state.setAnnouncedStage(state.getStage());
    context.forward(new Record<>(state.getLeadId(), change, timestamp), ScoringTopology.LEAD_STAGE_CHANGES_SINK);
  }

  private LeadScoreState stateOf(String leadId, long timestamp) {
    LeadScoreState state = states.get(leadId);
    return state != null ? state : LeadScoreState.newBuilder()
        .setLeadId(leadId).setStage(LeadStage.SUSPECT).setAnnouncedStage(LeadStage.SUSPECT).setLastEventAt(Instant.ofEpochMilli(timestamp)).build();
  }

  private static LeadScore toScore(LeadScoreState state, long timestamp) {
    return LeadScore.newBuilder()
        .setLeadId(state.getLeadId())
        .setFitScore(0.0)
        .setEngagementScore(state.getEngagementPoints())
        .setTotalScore(state.getEngagementPoints())
        .setStage(state.getStage())
        .setFitRulesFired(List.of())
        .setSignals(List.of())
        .setScoredAt(Instant.ofEpochMilli(timestamp))
        .build();
  }
}
