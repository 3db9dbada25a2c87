package io.leadflow.enrichment;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.ParkedLead;
import io.leadflow.avro.PendingLeads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The waiting room for leads whose company profile has not arrived, bounded by a number of leads per domain and a
 * number of domains.
 *
 * <p>The store holds one entry per waiting lead, {@code domain NUL leadId}, so parking a lead writes that lead alone
 * (one entry per domain with the whole list meant rewriting the list for every lead parked: a domain with 500 waiting
 * leads wrote about 200 KB to RocksDB and the changelog per new lead). The order of a domain's leads, the counts and
 * the expiry index live in memory, rebuilt from the store when the processor first uses it after a start; the store
 * is its only source of truth. Entries from before (key {@code domain}, a list) are split into per-lead entries then.
 *
 * <p>One instance per processor: every read and write of the store goes through it, or the index goes stale.
 */
final class PendingLeadStore {

  /** Between domain and lead id in a key; a domain never contains it. */
  static final char KEY_SEPARATOR = '\u0000';

  private final KeyValueStore<String, PendingLeads> store;
  private final int maxLeadsPerDomain;
  private final int maxDomains;
  /** Domain → its waiting leads (lead id → parked at, epoch ms) in the order they were parked. */
  private Map<String, LinkedHashMap<String, Long>> waiting;
  /**
   * Parking time → domains, so the expiry timer reads only domains with a lead that may be due instead of every
   * parked lead at every interval (that scan dominated a replay: its cost grew with the waiting room). A domain
   * released meanwhile, or a lead parked again later, only costs one lookup.
   */
  private TreeMap<Long, Set<String>> parkedAt;

  PendingLeadStore(KeyValueStore<String, PendingLeads> store, int maxLeadsPerDomain, int maxDomains) {
    this.store = store;
    this.maxLeadsPerDomain = maxLeadsPerDomain;
    this.maxDomains = maxDomains;
  }

  static PendingLeadStore open(ProcessorContext<?, ?> context, EnrichmentConfig config) {
    KeyValueStore<String, PendingLeads> store = context.getStateStore(EnrichmentTopology.PENDING_LEADS_STORE);
    return new PendingLeadStore(store, config.pendingMaxLeadsPerDomain(), config.pendingMaxDomains());
  }

  /**
   * Parks a lead (replacing an earlier version of the same lead, which moves it to the end) and returns the leads
   * that no longer fit: the oldest of a full domain, or the new lead itself when the store holds too many domains.
   */
  List<EnrichedLead> park(String domain, EnrichedLead lead, Instant at) {
    load();
    LinkedHashMap<String, Long> leads = waiting.get(domain);
    if (leads == null) {
      if (waiting.size() >= maxDomains) {
        return List.of(lead);
      }
      leads = new LinkedHashMap<>();
      waiting.put(domain, leads);
    }
    leads.remove(lead.getLeadId());
    leads.put(lead.getLeadId(), at.toEpochMilli());
    store.put(key(domain, lead.getLeadId()), entry(lead, at));
    index(at.toEpochMilli(), domain);
    List<EnrichedLead> evicted = new ArrayList<>();
    for (Iterator<String> oldest = leads.keySet().iterator(); leads.size() > maxLeadsPerDomain; ) {
      evicted.add(take(domain, oldest.next()));
      oldest.remove();
    }
    return evicted;
  }

  /** Removes and returns every lead waiting for this domain, oldest first. */
  List<EnrichedLead> release(String domain) {
    load();
    LinkedHashMap<String, Long> leads = waiting.remove(domain);
    if (leads == null) {
      return List.of();
    }
    List<EnrichedLead> released = new ArrayList<>(leads.size());
    leads.keySet().forEach(leadId -> released.add(take(domain, leadId)));
    return released;
  }

  /** Removes and returns the leads that have waited longer than {@code ttl} at {@code now} (the timer's clock). */
  List<EnrichedLead> expire(Instant now, Duration ttl) {
    load();
    long cutoff = now.minus(ttl).toEpochMilli();
    NavigableMap<Long, Set<String>> due = parkedAt.headMap(cutoff, true);
    Set<String> domains = new TreeSet<>(); // domain order, as a scan of the store would give
    due.values().forEach(domains::addAll);
    due.clear();
    List<EnrichedLead> expired = new ArrayList<>();
    for (String domain : domains) {
      LinkedHashMap<String, Long> leads = waiting.get(domain);
      if (leads == null) {
        continue;
      }
      for (Iterator<Map.Entry<String, Long>> it = leads.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Long> parked = it.next();
        if (parked.getValue() <= cutoff) {
          expired.add(take(domain, parked.getKey()));
          it.remove();
        }
      }
      if (leads.isEmpty()) {
        waiting.remove(domain);
      }
    }
    return expired;
  }

  /** Deletes one waiting lead's entry and returns the lead. */
  private EnrichedLead take(String domain, String leadId) {
    PendingLeads entry = store.delete(key(domain, leadId));
    if (entry == null || entry.getLeads().isEmpty()) {
      throw new IllegalStateException("pending lead " + leadId + " of " + domain + " is indexed but not stored");
    }
    return entry.getLeads().get(0).getLead();
  }

  /** Builds the index from the store, once; splits entries of the earlier one-entry-per-domain layout. */
  private void load() {
    if (waiting != null) {
      return;
    }
    waiting = new HashMap<>();
    parkedAt = new TreeMap<>();
    Map<String, List<ParkedLead>> byDomain = new TreeMap<>();
    List<KeyValue<String, PendingLeads>> perDomainEntries = new ArrayList<>();
    try (KeyValueIterator<String, PendingLeads> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, PendingLeads> entry = all.next();
        int separator = entry.key.indexOf(KEY_SEPARATOR);
        if (separator < 0) {
          perDomainEntries.add(entry);
        }
        String domain = separator < 0 ? entry.key : entry.key.substring(0, separator);
        byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).addAll(entry.value.getLeads());
      }
    }
    for (KeyValue<String, PendingLeads> entry : perDomainEntries) {
      store.delete(entry.key);
      entry.value.getLeads().forEach(parked ->
          store.put(key(entry.key, parked.getLead().getLeadId()), entry(parked.getLead(), parked.getParkedAt())));
    }
    byDomain.forEach((domain, parked) -> {
      // The parking order is not stored; parking time gives it back (a stable sort keeps a list's own order).
      parked.sort(Comparator.comparing(ParkedLead::getParkedAt));
      LinkedHashMap<String, Long> leads = new LinkedHashMap<>();
      for (ParkedLead lead : parked) {
        leads.remove(lead.getLead().getLeadId());
        leads.put(lead.getLead().getLeadId(), lead.getParkedAt().toEpochMilli());
        index(lead.getParkedAt().toEpochMilli(), domain);
      }
      waiting.put(domain, leads);
    });
  }

  private void index(long at, String domain) {
    parkedAt.computeIfAbsent(at, t -> new HashSet<>()).add(domain);
  }

  static String key(String domain, String leadId) {
    return domain + KEY_SEPARATOR + leadId;
  }

  private static PendingLeads entry(EnrichedLead lead, Instant at) {
    return PendingLeads.newBuilder().setLeads(List.of(ParkedLead.newBuilder().setLead(lead).setParkedAt(at).build()))
        .build();
  }
}
