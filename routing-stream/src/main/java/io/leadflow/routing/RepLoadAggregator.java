package io.leadflow.routing;

import io.leadflow.avro.RepLoad;
import io.leadflow.avro.RepLoadDelta;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by rep id: sums load changes into the rep's active leads and day and week counts (UTC), and publishes the
 * total to {@code rep-load}, which every pool task reads back as a global table.
 */
final class RepLoadAggregator implements Processor<String, RepLoadDelta, String, RepLoad> {

  private ProcessorContext<String, RepLoad> context;
  private KeyValueStore<String, RepLoad> totals;

  @Override
  public void init(ProcessorContext<String, RepLoad> context) {
    this.context = context;
    this.totals = context.getStateStore(RoutingTopology.REP_LOAD_TOTALS_STORE);
  }

  @Override
  public void process(Record<String, RepLoadDelta> record) {
    RepLoadDelta delta = record.value();
    LocalDate day = LocalDate.ofInstant(delta.getAt(), ZoneOffset.UTC);
    LocalDate week = RepAvailabilities.weekStart(day);
    RepLoad load = totals.get(record.key());
    if (load == null) {
      load = new RepLoad(record.key(), 0L, day, 0L, week, 0L, delta.getAt());
    }
    if (day.isAfter(load.getDay())) {
      load.setDay(day);
      load.setAssignedToday(0L);
    }
    if (week.isAfter(load.getWeekStart())) {
      load.setWeekStart(week);
      load.setAssignedThisWeek(0L);
    }
    load.setActiveLeads(Math.max(0, load.getActiveLeads() + delta.getActiveDelta()));
    if (day.equals(load.getDay())) {
      load.setAssignedToday(load.getAssignedToday() + delta.getAssigned());
    }
    if (week.equals(load.getWeekStart())) {
      load.setAssignedThisWeek(load.getAssignedThisWeek() + delta.getAssigned());
    }
    if (delta.getAt().isAfter(load.getUpdatedAt())) {
      load.setUpdatedAt(delta.getAt());
    }
    totals.put(record.key(), load);
    context.forward(record.withValue(load));
  }
}
