package io.leadflow.enrichment;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.ParkedLead;
import io.leadflow.avro.PendingLeads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The waiting room for leads whose company profile has not arrived: one entry per domain, bounded by a
 * number of leads per domain and (approximately, RocksDB's estimate) a number of domains.
 */
final class PendingLeadStore {

  private final KeyValueStore<String, PendingLeads> store;
  private final int maxLeadsPerDomain;
  private final int maxDomains;
  /**
   * Parking time → domains, so the expiry timer reads only domains with a lead that may be due instead of every
   * parked lead at every interval (that scan dominated a replay: its cost grew with the waiting room). Built from the
   * store at the first expiry after start-up, so restored state is covered; a domain released meanwhile by the other
   * processor, or a lead parked again later, only costs one lookup.
   */
  private TreeMap<Long, Set<String>> parkedAt;

  private PendingLeadStore(KeyValueStore<String, PendingLeads> store, int maxLeadsPerDomain, int maxDomains) {
    this.store = store;
    this.maxLeadsPerDomain = maxLeadsPerDomain;
    this.maxDomains = maxDomains;
  }

  static PendingLeadStore open(ProcessorContext<?, ?> context, EnrichmentConfig config) {
    KeyValueStore<String, PendingLeads> store = context.getStateStore(EnrichmentTopology.PENDING_LEADS_STORE);
    return new PendingLeadStore(store, config.pendingMaxLeadsPerDomain(), config.pendingMaxDomains());
  }

  /**
   * Parks a lead (replacing an earlier version of the same lead) and returns the leads that no longer fit:
   * the oldest of a full domain, or the new lead itself when the store holds too many domains.
   */
  List<EnrichedLead> park(String domain, EnrichedLead lead, Instant at) {
    PendingLeads pending = store.get(domain);
    if (pending == null && store.approximateNumEntries() >= maxDomains) {
      return List.of(lead);
    }
    List<ParkedLead> leads = new ArrayList<>(pending == null ? List.of() : pending.getLeads());
    leads.removeIf(parked -> parked.getLead().getLeadId().equals(lead.getLeadId()));
    leads.add(ParkedLead.newBuilder().setLead(lead).setParkedAt(at).build());
    List<EnrichedLead> evicted = new ArrayList<>();
    while (leads.size() > maxLeadsPerDomain) {
      evicted.add(leads.remove(0).getLead());
    }
    store.put(domain, PendingLeads.newBuilder().setLeads(leads).build());
    if (parkedAt != null) {
      index(at.toEpochMilli(), domain);
    }
    return evicted;
  }

  /** Removes and returns every lead waiting for this domain. */
  List<EnrichedLead> release(String domain) {
    PendingLeads pending = store.delete(domain);
    return pending == null ? List.of() : pending.getLeads().stream().map(ParkedLead::getLead).toList();
  }

  /** Removes and returns the leads that have waited longer than {@code ttl} at {@code now} (the timer's clock). */
  List<EnrichedLead> expire(Instant now, Duration ttl) {
    if (parkedAt == null) {
      parkedAt = new TreeMap<>();
      try (KeyValueIterator<String, PendingLeads> all = store.all()) {
        all.forEachRemaining(entry -> entry.value.getLeads()
            .forEach(parked -> index(parked.getParkedAt().toEpochMilli(), entry.key)));
      }
    }
    Instant cutoff = now.minus(ttl);
    NavigableMap<Long, Set<String>> due = parkedAt.headMap(cutoff.toEpochMilli(), true);
    Set<String> domains = new TreeSet<>(); // domain order, as a scan of the store would give
    due.values().forEach(domains::addAll);
    due.clear();
    List<EnrichedLead> expired = new ArrayList<>();
    for (String domain : domains) {
      PendingLeads pending = store.get(domain);
      if (pending == null) {
        continue;
      }
      List<ParkedLead> keep = new ArrayList<>();
      for (ParkedLead parked : pending.getLeads()) {
        if (parked.getParkedAt().isAfter(cutoff)) {
          keep.add(parked);
        } else {
          expired.add(parked.getLead());
        }
      }
      if (keep.size() != pending.getLeads().size()) {
        store.put(domain, keep.isEmpty() ? null : PendingLeads.newBuilder().setLeads(keep).build());
      }
    }
    return expired;
  }

  private void index(long at, String domain) {
    parkedAt.computeIfAbsent(at, t -> new HashSet<>()).add(domain);
  }
}
