package io.leadflow.routing;

import io.leadflow.avro.PoolSourceStats;
import io.leadflow.avro.PoolStatsDelta;
import io.leadflow.avro.SourceStats;
import io.leadflow.routing.rules.ClaimSources;
import io.leadflow.routing.rules.LatencyHistogram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by pool id: adds up {@link PoolStatsDelta}s into the pool's figures per claim source (assignments, latency
 * histogram, funnel) in {@code pool-source-stats}, which the ops dashboard reads by interactive query. One record
 * per pool, so a dashboard read is one get; writes nothing downstream.
 */
final class PoolSourceStatsAggregator implements Processor<String, PoolStatsDelta, Void, Void> {

  private KeyValueStore<String, PoolSourceStats> stats;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.stats = context.getStateStore(RoutingTopology.POOL_SOURCE_STATS_STORE);
  }

  @Override
  public void process(Record<String, PoolStatsDelta> record) {
    PoolStatsDelta delta = record.value();
    PoolSourceStats pool = stats.get(record.key());
    if (pool == null) {
      pool = PoolSourceStats.newBuilder().setPoolId(record.key()).setSources(new LinkedHashMap<>())
          .setUpdatedAt(delta.getAt()).build();
    }
    Map<String, SourceStats> sources = new LinkedHashMap<>(pool.getSources());
    SourceStats source = sources.get(delta.getSource());
    if (source == null) {
      source = SourceStats.newBuilder().setLatencyBuckets(List.of()).build();
    }
    source.setAssigned(source.getAssigned() + delta.getAssigned());
    if (delta.getLatencyMillis() != null) {
      source.setLatencyBuckets(LatencyHistogram.add(source.getLatencyBuckets(), delta.getLatencyMillis()));
      source.setLatencyMaxMillis(Math.max(source.getLatencyMaxMillis(), delta.getLatencyMillis()));
    }
    if (delta.getMilestone() != null) {
      switch (delta.getMilestone()) {
        case ClaimSources.CONTACTED -> source.setContacted(source.getContacted() + 1);
        case ClaimSources.QUALIFIED -> source.setQualified(source.getQualified() + 1);
        case ClaimSources.OPPORTUNITY -> source.setOpportunity(source.getOpportunity() + 1);
        case ClaimSources.WON -> source.setWon(source.getWon() + 1);
        case ClaimSources.LOST -> source.setLost(source.getLost() + 1);
        default -> { } // a step a newer version added: ignored, not miscounted
      }
    }
    sources.put(delta.getSource(), source);
    pool.setSources(sources);
    if (delta.getAt().isAfter(pool.getUpdatedAt())) {
      pool.setUpdatedAt(delta.getAt());
    }
    stats.put(record.key(), pool);
  }
}
