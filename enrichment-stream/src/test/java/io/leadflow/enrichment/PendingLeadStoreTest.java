package io.leadflow.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.ParkedLead;
import io.leadflow.avro.PendingLeads;
import io.leadflow.schemas.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The waiting room on its own: one store entry per lead, the parking order, the bounds, a restart, old entries. */
class PendingLeadStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

  private KeyValueStore<String, PendingLeads> store;

  @BeforeEach
  void openStore() {
    store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EnrichmentTopology.PENDING_LEADS_STORE),
        Serdes.String(), AvroSerde.of(PendingLeads.class)).withLoggingDisabled().build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
  }

  private PendingLeadStore pending(int maxLeadsPerDomain, int maxDomains) {
    return new PendingLeadStore(store, maxLeadsPerDomain, maxDomains);
  }

  private static EnrichedLead lead(String leadId) {
    return EnrichedLead.newBuilder().setLeadId(leadId).setOccurredAt(T0)
        .setProfile(LeadProfile.newBuilder().setEmail(leadId + "@late.de").build()).setDomain("late.de")
        .setStatus(EnrichmentStatus.PENDING).setEnrichedAt(T0).build();
  }

  private static List<String> ids(List<EnrichedLead> leads) {
    return leads.stream().map(EnrichedLead::getLeadId).toList();
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, PendingLeads> all = store.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key.replace(PendingLeadStore.KEY_SEPARATOR, '|')));
    }
    return keys;
  }

  @Test
  void keepsOneEntryPerWaitingLead() {
    PendingLeadStore pending = pending(500, 100);
    pending.park("late.de", lead("lead-1"), T0);
    pending.park("late.de", lead("lead-2"), T0);
    pending.park("other.de", lead("lead-3"), T0);

    assertThat(keys()).containsExactly("late.de|lead-1", "late.de|lead-2", "other.de|lead-3");
    assertThat(store.get(PendingLeadStore.key("late.de", "lead-2")).getLeads()).hasSize(1);
  }

  @Test
  void releasesInParkingOrderAndALeadParkedAgainMovesToTheEnd() {
    PendingLeadStore pending = pending(500, 100);
    for (String id : List.of("lead-c", "lead-a", "lead-b")) {
      pending.park("late.de", lead(id), T0);
    }
    pending.park("late.de", lead("lead-c"), T0.plusSeconds(5));

    assertThat(ids(pending.release("late.de"))).containsExactly("lead-a", "lead-b", "lead-c");
    assertThat(keys()).isEmpty();
    assertThat(pending.release("late.de")).isEmpty();
  }

  @Test
  void aFullDomainLetsItsOldestLeadGo() {
    PendingLeadStore pending = pending(2, 100);
    assertThat(pending.park("late.de", lead("lead-1"), T0)).isEmpty();
    assertThat(pending.park("late.de", lead("lead-2"), T0)).isEmpty();

    assertThat(ids(pending.park("late.de", lead("lead-3"), T0))).containsExactly("lead-1");
    assertThat(ids(pending.release("late.de"))).containsExactly("lead-2", "lead-3");
  }

  @Test
  void pastTheDomainLimitANewDomainsLeadIsNotParked() {
    PendingLeadStore pending = pending(500, 1);
    pending.park("late.de", lead("lead-1"), T0);

    assertThat(ids(pending.park("other.de", lead("lead-2"), T0))).containsExactly("lead-2");
    assertThat(pending.park("late.de", lead("lead-3"), T0)).as("a domain already waiting still takes leads").isEmpty();
    assertThat(keys()).containsExactly("late.de|lead-1", "late.de|lead-3");
  }

  @Test
  void expiresOnlyTheLeadsPastTheTimeToLive() {
    PendingLeadStore pending = pending(500, 100);
    pending.park("late.de", lead("lead-1"), T0);
    pending.park("late.de", lead("lead-2"), T0.plus(Duration.ofMinutes(30)));

    assertThat(ids(pending.expire(T0.plus(Duration.ofMinutes(61)), Duration.ofHours(1)))).containsExactly("lead-1");
    assertThat(ids(pending.expire(T0.plus(Duration.ofMinutes(62)), Duration.ofHours(1)))).isEmpty();
    assertThat(ids(pending.release("late.de"))).containsExactly("lead-2");
  }

  @Test
  void afterARestartTheOrderComesBackFromTheParkingTimes() {
    PendingLeadStore before = pending(2, 100);
    before.park("late.de", lead("lead-z"), T0);
    before.park("late.de", lead("lead-a"), T0.plusSeconds(1));

    PendingLeadStore after = pending(2, 100);
    assertThat(ids(after.park("late.de", lead("lead-m"), T0.plusSeconds(2)))).as("the oldest goes").containsExactly("lead-z");
    assertThat(ids(after.release("late.de"))).containsExactly("lead-a", "lead-m");
  }

  @Test
  void splitsAnEntryOfTheEarlierOnePerDomainLayout() {
    store.put("late.de", PendingLeads.newBuilder().setLeads(List.of(
        ParkedLead.newBuilder().setLead(lead("lead-2")).setParkedAt(T0).build(),
        ParkedLead.newBuilder().setLead(lead("lead-1")).setParkedAt(T0).build())).build());

    PendingLeadStore pending = pending(500, 100);
    pending.park("late.de", lead("lead-3"), T0.plusSeconds(1));

    assertThat(keys()).containsExactly("late.de|lead-1", "late.de|lead-2", "late.de|lead-3");
    assertThat(ids(pending.release("late.de"))).as("the list's own order first").containsExactly("lead-2", "lead-1", "lead-3");
  }

  @Test
  void aDomainWithLeadsOnlyInTheEarlierLayoutCountsTowardsTheLimit() {
    store.put("late.de", PendingLeads.newBuilder().setLeads(List.of(
        ParkedLead.newBuilder().setLead(lead("lead-1")).setParkedAt(T0).build())).build());

    assertThat(ids(pending(500, 1).park("other.de", lead("lead-2"), T0))).containsExactly("lead-2");
    assertThat(keys()).containsExactly("late.de|lead-1");
  }
}
