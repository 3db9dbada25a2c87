package io.leadflow.platform.topics;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.NotificationDelivery;
import io.leadflow.avro.NotificationRetry;
import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.PoolEvent;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepAlert;
import io.leadflow.avro.RepLoad;
import io.leadflow.avro.RepWeight;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;

/**
 * The one registry of leadflow's public topics (DESIGN.md "Data flow"). Keys are UTF-8 strings; values are Avro
 * in the process's {@link ValueFormat} (single-object encoding unless {@code serde.format: registry}), except the
 * DLQs, which keep the original bytes untouched.
 */
public final class Topics {

  public static final TopicSpec<String, LeadEvent> LEAD_EVENTS = avro("lead-events", LeadEvent.class, false);
  public static final TopicSpec<String, CompanyProfile> COMPANY_PROFILES = avro("company-profiles", CompanyProfile.class, true);
  public static final TopicSpec<String, Account> ACCOUNTS = avro("accounts", Account.class, true);
  public static final TopicSpec<String, EnrichedLead> LEADS_ENRICHED = avro("leads-enriched", EnrichedLead.class, false);
  public static final TopicSpec<String, LeadScore> LEAD_SCORES = avro("lead-scores", LeadScore.class, false);
  public static final TopicSpec<String, LeadStageChange> LEAD_STAGE_CHANGES = avro("lead-stage-changes", LeadStageChange.class, false);
  public static final TopicSpec<String, LeadOutcome> LEAD_OUTCOMES = avro("lead-outcomes", LeadOutcome.class, false);
  public static final TopicSpec<String, Rep> REPS = avro("reps", Rep.class, true);
  public static final TopicSpec<String, RepWeight> REP_WEIGHTS = avro("rep-weights", RepWeight.class, true);
  public static final TopicSpec<String, ConfigDocument> ROUTING_CONFIG = avro("routing-config", ConfigDocument.class, true);
  public static final TopicSpec<String, ConfigDocument> SCORING_CONFIG = avro("scoring-config", ConfigDocument.class, true);
  public static final TopicSpec<String, PoolCommand> POOL_COMMANDS = avro("pool-commands", PoolCommand.class, false);
  public static final TopicSpec<String, PoolEvent> LEAD_POOL_EVENTS = avro("lead-pool-events", PoolEvent.class, false);
  public static final TopicSpec<String, LeadAssignment> LEAD_ASSIGNMENTS = avro("lead-assignments", LeadAssignment.class, false);
  public static final TopicSpec<String, RepAlert> REP_ALERTS = avro("rep-alerts", RepAlert.class, false);
  /** Written by routing-stream itself: per-rep active leads and day/week counts, read back as a global table. */
  public static final TopicSpec<String, RepLoad> REP_LOAD = avro("rep-load", RepLoad.class, true);
  public static final TopicSpec<String, NotificationDelivery> NOTIFICATION_DELIVERIES =
      avro("notification-deliveries", NotificationDelivery.class, false);

  /** The sink's delay queue: deliveries waiting for their next attempt. */
  public static final TopicSpec<String, NotificationRetry> NOTIFICATION_RETRIES =
      avro("notification-retries", NotificationRetry.class, false);

  public static final TopicSpec<Bytes, Bytes> ENRICHMENT_DLQ = dlq("enrichment-stream-dlq");
  public static final TopicSpec<Bytes, Bytes> SCORING_DLQ = dlq("scoring-stream-dlq");
  public static final TopicSpec<Bytes, Bytes> ROUTING_DLQ = dlq("routing-stream-dlq");
  public static final TopicSpec<Bytes, Bytes> NOTIFICATION_DLQ = dlq("notification-sink-dlq");

  public static final List<TopicSpec<?, ?>> ALL = List.of(
      LEAD_EVENTS, COMPANY_PROFILES, ACCOUNTS, LEADS_ENRICHED, LEAD_SCORES, LEAD_STAGE_CHANGES, LEAD_OUTCOMES,
      REPS, REP_WEIGHTS, ROUTING_CONFIG, SCORING_CONFIG, POOL_COMMANDS, LEAD_POOL_EVENTS, LEAD_ASSIGNMENTS,
      REP_ALERTS, REP_LOAD, NOTIFICATION_DELIVERIES, NOTIFICATION_RETRIES, ENRICHMENT_DLQ, SCORING_DLQ, ROUTING_DLQ, NOTIFICATION_DLQ);

  /**
   * The format of every public topic's values in this process. One process talks to one cluster with one format,
   * so it is chosen once at start-up ({@link #useValueFormat}) rather than threaded through every topology and
   * command that names a topic here.
   */
  private static volatile ValueFormat valueFormat = ValueFormat.SINGLE_OBJECT;

  private Topics() {}

  /** Selects the value format of the public topics; call at start-up, before any topology is built or record sent. */
  public static void useValueFormat(ValueFormat format) {
    valueFormat = java.util.Objects.requireNonNull(format);
  }

  public static ValueFormat valueFormat() {
    return valueFormat;
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> TopicSpec<String, V> avro(
      String name, Class<V> type, boolean compacted) {
    return new TopicSpec<>(name, Serdes.String(), new PublicTopicSerde<>(name, type), compacted);
  }

  private static TopicSpec<Bytes, Bytes> dlq(String name) {
    Serde<Bytes> raw = Serdes.Bytes();
    return new TopicSpec<>(name, raw, raw, false);
  }
}
