package io.leadflow.routing;

import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RoutingRequest;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keyed by lead id, before the repartition by pool. A lead gets exactly one owner: only its first stage change
 * into a triggering stage is routed; later ones (re-scoring, MQL → HOT) never re-assign. The hierarchy then picks
 * the pool or rep, and the request is re-keyed by it.
 */
final class RequestRouteProcessor implements Processor<String, LeadStageChange, String, RoutingRequest> {

  private final RoutingConfig config;
  private ProcessorContext<String, RoutingRequest> context;
  private KeyValueStore<String, String> routedLeads;
  private TimestampedKeyValueStore<String, Rep> reps;
  private ActiveRoutingRules rules;

  RequestRouteProcessor(RoutingConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, RoutingRequest> context) {
    this.context = context;
    this.routedLeads = context.getStateStore(RoutingTopology.ROUTED_LEADS_STORE);
    this.reps = context.getStateStore(RoutingTopology.REPS_STORE);
    KeyValueStore<String, ConfigDocument> documents = context.getStateStore(RoutingTopology.ROUTING_CONFIG_STORE);
    this.rules = new ActiveRoutingRules(documents, config.rules());
  }

  @Override
  public void process(Record<String, LeadStageChange> record) {
    RoutingRules current = rules.current();
    LeadStageChange change = record.value();
    if (!current.trigger().stages().contains(change.getToStage()) || routedLeads.get(record.key()) != null) {
      return;
    }
    RouteResolver.Route route = new RouteResolver(current, this::rep).resolve(change.getLead());
    RoutingRequest request = RoutingRequest.newBuilder()
        .setChange(change)
        .setPoolId(route.poolId())
        .setDirectRepId(route.repId())
        .setMethod(route.method())
        .setRule(route.rule())
        .setFallback(route.fallback())
        .setExcludedRepIds(List.of())
        .setNotes(route.notes())
        .setConfigVersion(current.version())
        .build();
    context.forward(record.withKey(route.partitionKey()).withValue(request));
    routedLeads.put(record.key(), change.getToStage().name()); // after the hand-over: a failure above leaves it unrouted
  }

  private Rep rep(String repId) {
    ValueAndTimestamp<Rep> rep = reps.get(repId);
    return rep == null ? null : rep.value();
  }
}
