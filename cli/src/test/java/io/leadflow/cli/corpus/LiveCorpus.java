package io.leadflow.cli.corpus;

import static io.leadflow.cli.corpus.LiveCase.Outcome.CLAIM_REJECTED;
import static io.leadflow.cli.corpus.LiveCase.Outcome.ENRICHMENT_DLQ;
import static io.leadflow.cli.corpus.LiveCase.Outcome.NON_ERROR;
import static io.leadflow.cli.corpus.LiveCase.Outcome.ROUTING_DLQ;
import static io.leadflow.cli.corpus.LiveCase.Outcome.SCORING_DLQ;
import static io.leadflow.platform.testing.TestRecords.activity;
import static io.leadflow.platform.testing.TestRecords.profile;
import static io.leadflow.platform.testing.TestRecords.rep;

import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.PoolCommandType;
import io.leadflow.avro.RepWeight;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

/** The live half of the bad-input corpus (docs/BAD-INPUT.md): bad records for the running pipeline. */
final class LiveCorpus {

  static final String POOL = "general";
  /** A warm lead waiting in the pull pool, claimed by rep-a before the claim cases run. */
  static final String POOL_LEAD = "corpus-pool-lead";
  /** A lead that was scored, so an outcome for it is not one for an unknown lead. */
  static final String KNOWN_LEAD = "good-00";

  private LiveCorpus() {}

  /** What a case may do: its unique key, and writing records. */
  interface Context {
    String key();

    void raw(String topic, byte[] key, byte[] value);

    default byte[] keyBytes() {
      return key().getBytes(StandardCharsets.UTF_8);
    }

    default <V> void typed(TopicSpec<String, V> topic, String key, V value) {
      raw(topic.name(), key == null ? null : key.getBytes(StandardCharsets.UTF_8),
          topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    default void leadEvent(LeadEvent event) {
      typed(Topics.LEAD_EVENTS, key(), event);
    }

    default void command(String pool, PoolCommandType type, String repId, String leadId) {
      typed(Topics.POOL_COMMANDS, pool, PoolCommand.newBuilder().setCommandId(key()).setType(type).setPoolId(pool)
          .setRepId(repId).setLeadId(leadId).setIssuedAt(Instant.now()).build());
    }
  }

  private static LeadEvent goodProfile(String leadId) {
    return profile(leadId, leadId + "@acme-corpus.de", Instant.now());
  }

  private static byte[] encoded(LeadEvent event) {
    return Topics.LEAD_EVENTS.valueSerde().serializer().serialize(Topics.LEAD_EVENTS.name(), event);
  }

  /** A LeadEvent written with a schema nobody published: a producer on a newer schema with an extra enum symbol. */
  private static byte[] unpublishedVersion(LeadEvent event) {
    String json = LeadEvent.getClassSchema().toString().replace("\"ACTIVITY\"]", "\"ACTIVITY\",\"WEBHOOK\"]");
    Schema newer = new Schema.Parser().parse(json);
    ByteBuffer buffer;
    try {
      buffer = new BinaryMessageEncoder<LeadEvent>(SpecificData.get(), newer).encode(event);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static LeadOutcome outcome(String id, String leadId, OutcomeType type) {
    return LeadOutcome.newBuilder().setOutcomeId(id).setLeadId(leadId).setRepId("rep-a").setType(type)
        .setOccurredAt(Instant.now()).build();
  }

  static List<LiveCase> cases() {
    String events = Topics.LEAD_EVENTS.name();
    return List.of(
        new LiveCase("garbage bytes", events, c -> c.raw(events, c.keyBytes(), new byte[] {(byte) 0xde, (byte) 0xad, 0x00,
            (byte) 0xbe, (byte) 0xef, 0x13, 0x37}), ENRICHMENT_DLQ, "not Avro single-object encoding"),
        new LiveCase("JSON instead of Avro", events, c -> c.raw(events, c.keyBytes(),
            ("{\"leadId\":\"" + c.key() + "\",\"type\":\"PROFILE\"}").getBytes(StandardCharsets.UTF_8)),
            ENRICHMENT_DLQ, "not Avro single-object encoding"),
        new LiveCase("empty value (0 bytes)", events, c -> c.raw(events, c.keyBytes(), new byte[0]),
            ENRICHMENT_DLQ, "cannot decode LeadEvent"),
        new LiveCase("wrong schema (a valid Rep record on lead-events)", events, c -> c.raw(events, c.keyBytes(),
            Topics.REPS.valueSerde().serializer().serialize("reps", rep(c.key(), POOL))), ENRICHMENT_DLQ, "cannot decode LeadEvent"),
        new LiveCase("truncated Avro", events, c -> {
          byte[] whole = encoded(goodProfile(c.key()));
          c.raw(events, c.keyBytes(), Arrays.copyOf(whole, whole.length / 2));
        }, ENRICHMENT_DLQ, "body does not match the schema"),
        new LiveCase("unpublished schema version (unknown enum symbol)", events,
            c -> c.raw(events, c.keyBytes(), unpublishedVersion(goodProfile(c.key()))), ENRICHMENT_DLQ, "unknown schema fingerprint"),
        new LiveCase("tombstone (null value) on lead-events", events, c -> c.raw(events, c.keyBytes(), null),
            ENRICHMENT_DLQ, "has no value"),
        new LiveCase("null key on lead-events", events, c -> c.raw(events, null, encoded(goodProfile(c.key()))),
            ENRICHMENT_DLQ, "has no key"),
        new LiveCase("missing required field (blank leadId)", events,
            c -> c.leadEvent(LeadEvent.newBuilder(goodProfile(c.key())).setLeadId("").build()), ENRICHMENT_DLQ, "has no leadId"),
        new LiveCase("profile event without a profile", events,
            c -> c.leadEvent(LeadEvent.newBuilder(goodProfile(c.key())).setProfile(null).build()), ENRICHMENT_DLQ, "has no profile"),
        new LiveCase("invalid email", events, c -> c.leadEvent(profile(c.key(), "ada(at)acme-corpus.de", Instant.now())),
            ENRICHMENT_DLQ, "unparseable email 'ada(at)acme-corpus.de'"),
        new LiveCase("unknown event type", events,
            c -> c.leadEvent(LeadEvent.newBuilder(goodProfile(c.key())).setType(LeadEventType.UNKNOWN).build()),
            ENRICHMENT_DLQ, "unknown event type"),
        new LiveCase("timestamp far in the future (year 2999)", events,
            c -> c.leadEvent(activity(c.key(), "demo_request", Instant.parse("2999-01-01T00:00:00Z"))),
            ENRICHMENT_DLQ, "days in the future"),
        new LiveCase("timestamp far in the past (1971)", events,
            c -> c.leadEvent(profile(c.key(), c.key() + "@acme-corpus.de", Instant.parse("1971-01-01T00:00:00Z"))),
            ENRICHMENT_DLQ, "days before the record was written"),
        new LiveCase("oversized field (jobTitle of 100,000 characters)", events, c -> {
          LeadEvent event = goodProfile(c.key());
          event.getProfile().setJobTitle("Head of ".repeat(12_500));
          c.leadEvent(event);
        }, ENRICHMENT_DLQ, "field 'profile.jobTitle' is 100000 characters long"),
        new LiveCase("negative number (activity durationSeconds -30)", events, c -> {
          LeadEvent event = activity(c.key(), "visit", Instant.now());
          event.getActivity().setDurationSeconds(-30);
          c.leadEvent(event);
        }, ENRICHMENT_DLQ, "field 'activity.durationSeconds' must be a number of 0 or more"),
        new LiveCase("outcome for an unknown lead", Topics.LEAD_OUTCOMES.name(),
            c -> c.typed(Topics.LEAD_OUTCOMES, c.key(), outcome(c.key(), c.key(), OutcomeType.CONTACTED)),
            SCORING_DLQ, "is for unknown lead"),
        new LiveCase("NaN number (outcome amount)", Topics.LEAD_OUTCOMES.name(), c -> {
          LeadOutcome won = outcome(c.key(), KNOWN_LEAD, OutcomeType.OPPORTUNITY);
          won.setAmount(Double.NaN);
          c.typed(Topics.LEAD_OUTCOMES, KNOWN_LEAD, won);
        }, SCORING_DLQ, "field 'amount' must be a number of 0 or more, got NaN"),
        new LiveCase("outcome keyed by another lead", Topics.LEAD_OUTCOMES.name(),
            c -> c.typed(Topics.LEAD_OUTCOMES, c.key(), outcome(c.key(), KNOWN_LEAD, OutcomeType.CONTACTED)),
            SCORING_DLQ, "lead-outcomes must be keyed by lead id"),
        new LiveCase("rep-weights with weight NaN", Topics.REP_WEIGHTS.name(),
            c -> c.typed(Topics.REP_WEIGHTS, "rep-a", RepWeight.newBuilder().setRepId("rep-a").setWeight(Double.NaN)
                .setModel("admin").setVersion(c.key()).setComputedAt(Instant.now()).build()),
            NON_ERROR, "ignored: rep-a keeps its static weight, routing goes on"),
        new LiveCase("rep-weights with a negative weight", Topics.REP_WEIGHTS.name(),
            c -> c.typed(Topics.REP_WEIGHTS, "rep-b", RepWeight.newBuilder().setRepId("rep-b").setWeight(-3)
                .setModel("admin").setVersion(c.key()).setComputedAt(Instant.now()).build()),
            NON_ERROR, "ignored: rep-b keeps its static weight, routing goes on"),
        new LiveCase("garbage bytes on rep-weights (a global table)", Topics.REP_WEIGHTS.name(),
            c -> c.raw(Topics.REP_WEIGHTS.name(), "rep-a".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}),
            ROUTING_DLQ, "not Avro single-object encoding"),
        new LiveCase("claim for an unknown rep", Topics.POOL_COMMANDS.name(),
            c -> c.command(POOL, PoolCommandType.CLAIM, "rep-nobody", POOL_LEAD), CLAIM_REJECTED, "unknown rep rep-nobody"),
        new LiveCase("claim by the wrong rep (lead held by rep-a)", Topics.POOL_COMMANDS.name(),
            c -> c.command(POOL, PoolCommandType.CLAIM, "rep-b", POOL_LEAD), CLAIM_REJECTED, "already claimed by another rep"),
        new LiveCase("duplicate claim (rep-a again)", Topics.POOL_COMMANDS.name(),
            c -> c.command(POOL, PoolCommandType.CLAIM, "rep-a", POOL_LEAD), CLAIM_REJECTED, "you already hold lead"),
        new LiveCase("claim in an unknown pool", Topics.POOL_COMMANDS.name(),
            c -> c.command("nowhere", PoolCommandType.CLAIM, "rep-a", POOL_LEAD), CLAIM_REJECTED, "pool nowhere is not a pull pool"),
        new LiveCase("claim for a lead not in the pool", Topics.POOL_COMMANDS.name(),
            c -> c.command(POOL, PoolCommandType.CLAIM, "rep-a", "no-such-lead"), CLAIM_REJECTED, "lead no-such-lead is not in pool"),
        new LiveCase("malformed pool command (CLAIM without a lead)", Topics.POOL_COMMANDS.name(),
            c -> c.command(POOL, PoolCommandType.CLAIM, "rep-a", null), ROUTING_DLQ, "malformed pool command: CLAIM needs a leadId"),
        new LiveCase("garbage bytes on pool-commands", Topics.POOL_COMMANDS.name(),
            c -> c.raw(Topics.POOL_COMMANDS.name(), POOL.getBytes(StandardCharsets.UTF_8), "claim it!".getBytes(StandardCharsets.UTF_8)),
            ROUTING_DLQ, "not Avro single-object encoding"),
        new LiveCase("tombstone on reps (rep-c removed)", Topics.REPS.name(),
            c -> c.raw(Topics.REPS.name(), "rep-c".getBytes(StandardCharsets.UTF_8), null),
            NON_ERROR, "rep-c is removed: its claims are refused, later leads go to rep-a and rep-b only"));
  }
}
