package io.leadflow.scoring;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.platform.observability.EventLog;
import io.leadflow.platform.validation.InputChecks;
import io.leadflow.platform.validation.InvalidInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps each lead's fit and decaying engagement and its CRM stage, and emits score updates and stage transitions. */
final class ScoreLeadProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private final ScoringConfig config;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, LeadScoreState> states;
  private DecayDueIndex dueIndex;
  private ActiveRules rules;
  /** The rules in force for the record or timer being handled. */
  private LeadScorer scorer;

  ScoreLeadProcessor(ScoringConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.states = context.getStateStore(ScoringTopology.LEAD_SCORE_STATE_STORE);
    this.dueIndex = new DecayDueIndex(context.getStateStore(ScoringTopology.DECAY_DUE_INDEX_STORE));
    this.rules = new ActiveRules(context.getStateStore(ScoringTopology.SCORING_CONFIG_STORE), new LeadScorer(config.rules()));
    context.schedule(config.decayCheckInterval(), config.timerMode().punctuationType(),
        now -> downgradeDecayed(Instant.ofEpochMilli(now)));
  }

  /** Leads whose score decayed below their stage since their last event: only those due are read. */
  private void downgradeDecayed(Instant now) {
    scorer = rules.current();
    for (String leadId : dueIndex.takeDue(now)) {
      LeadScoreState state = states.get(leadId);
      if (state == null) {
        continue;
      }
      state.setDowngradeDueAt(null); // taken from the index above
      LeadStage before = state.getStage();
      state.setStage(scorer.nextStage(state, now));
      if (state.getStage() != before) {
        publish(state, now, "decay: total " + Math.round(scorer.totalAt(state, now) * 10) / 10.0
            + " fell below the " + before + " threshold");
      } else {
        scheduleDowngrade(state, now); // the estimate was a little early
        save(state);
      }
    }
  }

  private void scheduleDowngrade(LeadScoreState state, Instant now) {
    // Millisecond precision, as the store keeps it: the state object is held between events now (no round trip).
    Instant due = scorer.downgradeTime(state, now).map(time -> time.truncatedTo(ChronoUnit.MILLIS)).orElse(null);
    Instant filed = state.getDowngradeDueAt();
    if (Objects.equals(due, filed)) {
      return; // already filed under that time
    }
    if (filed != null) {
      dueIndex.remove(filed, state.getLeadId());
    }
    state.setDowngradeDueAt(due);
    if (due != null) {
      dueIndex.add(due, state.getLeadId());
    }
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    scorer = rules.current();
    Instant at = Instant.ofEpochMilli(record.timestamp());
    if (record.value() == null) {
      throw new InvalidInputException("record keyed '" + record.key() + "' has no value (a tombstone); lead events, "
          + "enriched leads and outcomes are never deleted this way");
    }
    if (record.value() instanceof EnrichedLead lead) {
      LeadScoreState state = stateOf(lead.getLeadId(), at);
      if (state.getLead() != null && lead.getOccurredAt().isBefore(state.getLead().getOccurredAt())) {
        return; // a late re-emission of an older profile version (e.g. one that expired while pending)
      }
      state.setLead(lead);
      LeadScorer.Fit fit = scorer.fit(lead);
      state.setFitScore(fit.points());
      state.setFitRulesFired(fit.rulesFired());
      update(state, at, "profile: fit " + fit.points() + " from " + fit.rulesFired());
    } else if (record.value() instanceof LeadOutcome outcome) {
      checkOutcome(record.key(), outcome, record.timestamp());
      LeadScoreState state = states.get(outcome.getLeadId());
      if (state == null) {
        // An outcome only follows an assignment, and an assignment only a lead scored here: the CRM names a lead
        // leadflow never saw (a typo, another system's id). Scoring it would invent a lead.
        throw new InvalidInputException("outcome " + outcome.getOutcomeId() + " is for unknown lead '"
            + InputChecks.shorten(outcome.getLeadId()) + "'");
      }
      Optional<LeadStage> stage = OutcomeStages.after(state.getStage(), outcome.getType());
      if (stage.isPresent()) {
        state.setStage(stage.get());
        publish(state, at, "CRM outcome " + outcome.getType()
            + (outcome.getRepId() == null ? "" : " by " + outcome.getRepId())
            + (outcome.getReason() == null ? "" : ": " + outcome.getReason()));
      }
    } else if (record.value() instanceof LeadEvent event && isScorableActivity(record.key(), event)) {
      // The enrichment stream validates lead events and DLQs the bad ones; scoring reads activities directly, so it
      // must refuse the same ones rather than score them (docs/BAD-INPUT.md).
      checkActivity(event, record.timestamp());
      LeadScoreState state = stateOf(event.getLeadId(), at);
      ScoringRules.ActivityRule rule = scorer.ruleFor(event.getActivity()).orElse(null);
      double added = scorer.addActivity(state, rule, at);
      update(state, at, event.getActivity().getType() + " (" + (rule == null ? "no rule" : rule.name()) + ", " + added + " points)");
    }
    // Profile events and invalid events are the enrichment stream's business (it validates and DLQs them).
  }

  private static void checkActivity(LeadEvent event, long recordTimestamp) {
    String what = "activity " + InputChecks.shorten(event.getEventId());
    InputChecks.id(what, "leadId", event.getLeadId());
    InputChecks.text(what, "activity.type", event.getActivity().getType());
    InputChecks.text(what, "activity.url", event.getActivity().getUrl());
    InputChecks.nonNegative(what, "activity.durationSeconds", event.getActivity().getDurationSeconds());
    InputChecks.eventTime(what, "occurredAt", event.getOccurredAt(), recordTimestamp);
  }

  private static void checkOutcome(String key, LeadOutcome outcome, long recordTimestamp) {
    String what = "outcome " + InputChecks.shorten(outcome.getOutcomeId());
    if (outcome.getLeadId() == null || !outcome.getLeadId().equals(key)) {
      throw new InvalidInputException(what + " is keyed '" + key + "' but is for lead '" + outcome.getLeadId()
          + "': lead-outcomes must be keyed by lead id");
    }
    if (outcome.getType() == OutcomeType.UNKNOWN) {
      throw new InvalidInputException(what + " has an unknown outcome type");
    }
    InputChecks.nonNegative(what, "amount", outcome.getAmount());
    InputChecks.eventTime(what, "occurredAt", outcome.getOccurredAt(), recordTimestamp);
  }

  /** The record key must be the lead id: it decides the partition, and so which task holds the lead's state. */
  private static boolean isScorableActivity(String key, LeadEvent event) {
    return event.getType() == LeadEventType.ACTIVITY && event.getActivity() != null
        && event.getLeadId() != null && event.getLeadId().equals(key);
  }

  /** A score changed: recompute the stage from it. */
  private void update(LeadScoreState state, Instant at, String reason) {
    state.setStage(scorer.nextStage(state, at));
    publish(state, at, reason);
  }

  /** Emits the score if its band or the stage changed, announces a new stage, and saves the state. */
  private void publish(LeadScoreState state, Instant at, String reason) {
    state.setLastEventAt(at);
    state.setConfigVersion(scorer.rules().version());
    LeadScore score = toScore(state, at);
    long band = scoreBand(score.getTotalScore());
    if (!Long.valueOf(band).equals(state.getPublishedBand()) || state.getStage() != state.getPublishedStage()) {
      context.forward(new Record<>(state.getLeadId(), score, at.toEpochMilli()), ScoringTopology.LEAD_SCORES_SINK);
      state.setPublishedBand(band);
      state.setPublishedStage(state.getStage());
    }
    announceStageChange(state, at, reason);
    scheduleDowngrade(state, at);
    save(state);
  }

  /**
   * The lead-score-state store holds this object until the commit (a write-back layer, docs/SCORING.md), so the
   * next event sees it as it is instead of as a store round trip would return it. The one difference that matters
   * is the signals map's iteration order, which decides the summation order of the engagement score: Avro 1.12's
   * reader decodes a map into a default-sized {@code HashMap}, filled in the encoded order (checked against real
   * decodes in ScoreLeadProcessorTest). Rebuilding the map that way keeps every published total bit for bit what
   * it was with a round trip per event.
   */
  private void save(LeadScoreState state) {
    state.setSignals(asDecoded(state.getSignals()));
    states.put(state.getLeadId(), state);
  }

  static <V> Map<String, V> asDecoded(Map<String, V> map) {
    Map<String, V> decoded = new HashMap<>();
    for (Map.Entry<String, V> entry : map.entrySet()) {
      decoded.put(entry.getKey(), entry.getValue());
    }
    return decoded;
  }

  /**
   * Tells downstream about a stage it has not heard of yet, but only once the enriched profile is known:
   * routing needs to know who the lead is, and activities often arrive before enrichment has finished.
   */
  private void announceStageChange(LeadScoreState state, Instant at, String reason) {
    if (state.getLead() == null || state.getStage() == state.getAnnouncedStage()) {
      return;
    }
    LeadStageChange change = LeadStageChange.newBuilder()
        .setLeadId(state.getLeadId())
        .setFromStage(state.getAnnouncedStage())
        .setToStage(state.getStage())
        .setReason(reason)
        .setTotalScore(scorer.totalAt(state, at))
        .setOccurredAt(at)
        .setConfigVersion(state.getConfigVersion())
        .setLead(state.getLead())
        .build();
    state.setAnnouncedStage(state.getStage());
    if (EventLog.LOG.isInfoEnabled()) {
      EventLog.LOG.atInfo().addKeyValue("event", "stage_change").addKeyValue("leadId", change.getLeadId())
          .addKeyValue("fromStage", change.getFromStage()).addKeyValue("toStage", change.getToStage())
          .addKeyValue("score", change.getTotalScore())
          .log("lead {} {} -> {}: {}", change.getLeadId(), change.getFromStage(), change.getToStage(), reason);
    }
    context.forward(new Record<>(state.getLeadId(), change, at.toEpochMilli()), ScoringTopology.LEAD_STAGE_CHANGES_SINK);
  }

  private LeadScoreState stateOf(String leadId, Instant at) {
    LeadScoreState state = states.get(leadId);
    return state != null ? state : LeadScorer.newState(leadId, at);
  }

  /** Which band of {@code score-band} points the total is in; every distinct total is its own band at width 0. */
  private long scoreBand(double total) {
    double width = scorer.rules().thresholds().scoreBand();
    return width == 0 ? Double.doubleToLongBits(total) : (long) Math.floor(total / width);
  }

  private LeadScore toScore(LeadScoreState state, Instant at) {
    double engagement = scorer.engagementAt(state, at);
    return LeadScore.newBuilder()
        .setLeadId(state.getLeadId())
        .setFitScore(state.getFitScore())
        .setEngagementScore(engagement)
        .setTotalScore(state.getFitScore() + engagement)
        .setStage(state.getStage())
        .setFitRulesFired(state.getFitRulesFired())
        .setSignals(scorer.breakdown(state, at))
        .setScoredAt(at)
        .setConfigVersion(state.getConfigVersion())
        .build();
  }
}
