package io.leadflow.ops.simulate;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The kinds of input line ({@code "kind"} in the event log, docs/SIMULATE.md): each is one record of a leadflow
 * topic, keyed as the live producers key it, with the time it happened taken from its own time field unless the
 * line says {@code "at"}.
 */
public enum EventKind {
  LEAD("lead", Topics.LEAD_EVENTS, LeadEvent.getClassSchema()),
  OUTCOME("outcome", Topics.LEAD_OUTCOMES, LeadOutcome.getClassSchema()),
  CLAIM("claim", Topics.POOL_COMMANDS, PoolCommand.getClassSchema()),
  REP("rep", Topics.REPS, Rep.getClassSchema()),
  REP_WEIGHT("rep-weight", Topics.REP_WEIGHTS, RepWeight.getClassSchema()),
  COMPANY("company", Topics.COMPANY_PROFILES, CompanyProfile.getClassSchema()),
  ACCOUNT("account", Topics.ACCOUNTS, Account.getClassSchema());

  private final String jsonName;
  private final TopicSpec<String, ?> topic;
  private final Schema schema;

  EventKind(String jsonName, TopicSpec<String, ?> topic, Schema schema) {
    this.jsonName = jsonName;
    this.topic = topic;
    this.schema = schema;
  }

  public String jsonName() {
    return jsonName;
  }

  public TopicSpec<String, ?> topic() {
    return topic;
  }

  Schema schema() {
    return schema;
  }

  public static Optional<EventKind> byJsonName(String name) {
    return Arrays.stream(values()).filter(k -> k.jsonName.equals(name)).findFirst();
  }

  /** The record's key on its topic. */
  String key(SpecificRecord value) {
    return switch (this) {
      case LEAD -> ((LeadEvent) value).getLeadId();
      case OUTCOME -> ((LeadOutcome) value).getLeadId();
      case CLAIM -> ((PoolCommand) value).getPoolId();
      case REP -> ((Rep) value).getRepId();
      case REP_WEIGHT -> ((RepWeight) value).getRepId();
      case COMPANY -> ((CompanyProfile) value).getDomain();
      case ACCOUNT -> ((Account) value).getDomain();
    };
  }

  /** The record's own time, if its schema has one (a rep has none: its line needs "at"). */
  Optional<Instant> ownTime(SpecificRecord value) {
    Function<SpecificRecord, Instant> time = switch (this) {
      case LEAD -> v -> ((LeadEvent) v).getOccurredAt();
      case OUTCOME -> v -> ((LeadOutcome) v).getOccurredAt();
      case CLAIM -> v -> ((PoolCommand) v).getIssuedAt();
      case REP -> v -> null;
      case REP_WEIGHT -> v -> ((RepWeight) v).getComputedAt();
      case COMPANY -> v -> ((CompanyProfile) v).getUpdatedAt();
      case ACCOUNT -> v -> ((Account) v).getUpdatedAt();
    };
    return Optional.ofNullable(time.apply(value));
  }
}
