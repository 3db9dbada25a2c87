package io.leadflow.enrichment;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EmailIdentity;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.PendingLeads;
import io.leadflow.platform.streams.EventTimeExtractor;
import io.leadflow.platform.streams.StoreKind;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import io.leadflow.schemas.AvroSerde;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * lead-events (profiles) → identity by email → company and account by domain → leads-enriched.
 *
 * <pre>
 * lead-events ─ validate ─ profiles ─ identify ─┬─ free-mail: by email ─ resolve-personal-identity ─┐
 *                                               └─ company email or none ──────────────────────────┤
 *   ┌──────────────────────────────────────────────────────────────────────────────────────────────┘
 *   ├─ with domain: by domain ─ resolve-identity ⋈ company-profiles (KTable) ─┬─ park-or-publish ─┐
 *   │                         company-profiles updates ─ release-pending-leads ─┘                   │
 *   └─ no domain ─ publish-without-company ─────────────────────────────────────────────────────────┴→ leads-enriched
 * </pre>
 *
 * <p>One repartition serves most leads: a company email's registrable domain is the company domain, so the
 * identity store (by normalized email) and the company profile live in the same task. Only free-mail leads take
 * a hop by email first, then one by the domain their website gives. The company profiles are a KTable joined to
 * the leads re-keyed by domain, so Kafka Streams co-partitions the two and the pending store (per domain) lives
 * next to the profiles that release it. Accounts are a GlobalKTable read by lookup. Activity events are not
 * touched: scoring reads them from lead-events directly.
 */
public final class EnrichmentTopology {

  public static final String COMPANY_PROFILES_STORE = "company-profiles-store";
  public static final String ACCOUNTS_STORE = "accounts-store";
  public static final String EMAIL_IDENTITIES_STORE = "email-identities";
  public static final String PENDING_LEADS_STORE = "pending-leads-by-domain";
  public static final String PERSONAL_EMAIL_IDENTITIES_STORE = "personal-email-identities";
  public static final String PERSONAL_PROFILES_BY_EMAIL = "personal-profiles-by-email";
  public static final String PROFILES_BY_DOMAIN = "profiles-by-domain";

  private EnrichmentTopology() {}

  public static Topology build(EnrichmentConfig config) {
    return build(config, StoreKind.PERSISTENT);
  }

  /** @param stores {@link StoreKind#IN_MEMORY} for offline replays (simulate, backtest); names stay the same */
  public static Topology build(EnrichmentConfig config, StoreKind stores) {
    LeadEnricher enricher = new LeadEnricher(config);
    AvroSerde<EnrichedLead> leadSerde = AvroSerde.of(EnrichedLead.class);
    StreamsBuilder builder = StreamsSettings.namedResourcesBuilder();

    builder.globalTable(Topics.ACCOUNTS.name(), Topics.ACCOUNTS.consumed("accounts-source"),
        stores.<String, Account>materialized(ACCOUNTS_STORE)
            .withKeySerde(Topics.ACCOUNTS.keySerde()).withValueSerde(Topics.ACCOUNTS.valueSerde()));
    KTable<String, CompanyProfile> companies = builder.table(Topics.COMPANY_PROFILES.name(),
        Topics.COMPANY_PROFILES.consumed("company-profiles-source"),
        stores.<String, CompanyProfile>materialized(COMPANY_PROFILES_STORE)
            .withKeySerde(Topics.COMPANY_PROFILES.keySerde()).withValueSerde(Topics.COMPANY_PROFILES.valueSerde()));
    for (String identities : List.of(EMAIL_IDENTITIES_STORE, PERSONAL_EMAIL_IDENTITIES_STORE)) {
      builder.addStateStore(stores.keyValueStore(identities, Serdes.String(), AvroSerde.of(EmailIdentity.class)));
    }
    builder.addStateStore(stores.keyValueStore(PENDING_LEADS_STORE, Serdes.String(), AvroSerde.of(PendingLeads.class)));

    KStream<String, EnrichedLead> identified = builder
        .stream(Topics.LEAD_EVENTS.name(), Topics.LEAD_EVENTS.consumed("lead-events-source")
            .withTimestampExtractor(new EventTimeExtractor()))
        .processValues(ValidateLeadEvent::new, Named.as("validate-lead-event"))
        .filter((leadId, event) -> event.getType() == LeadEventType.PROFILE, Named.as("profile-events-only"))
        .mapValues(enricher::identify, Named.as("identify-lead"));

    // Free-mail leads are matched by email first (their company domain, if any, comes from the website).
    Map<String, KStream<String, EnrichedLead>> byEmailKind = identified.split(Named.as("email-"))
        .branch((leadId, lead) -> lead.getPersonalEmail(), Branched.as("personal"))
        .defaultBranch(Branched.as("company-or-none"));
    KStream<String, EnrichedLead> personal = byEmailKind.get("email-personal")
        .selectKey((leadId, lead) -> LeadEnricher.identityKey(lead).orElseThrow(), Named.as("key-by-personal-email"))
        .repartition(Repartitioned.<String, EnrichedLead>as(PERSONAL_PROFILES_BY_EMAIL).withKeySerde(Serdes.String()).withValueSerde(leadSerde))
        .processValues(() -> new ResolveIdentity(PERSONAL_EMAIL_IDENTITIES_STORE, true), Named.as("resolve-personal-identity"),
            PERSONAL_EMAIL_IDENTITIES_STORE);

    Map<String, KStream<String, EnrichedLead>> byDomain = byEmailKind.get("email-company-or-none")
        .merge(personal, Named.as("merge-personal"))
        .split(Named.as("domain-"))
        .branch((key, lead) -> lead.getDomain() != null, Branched.as("known"))
        .defaultBranch(Branched.as("unknown"));
    KStream<String, EnrichedLead> withCompany = byDomain.get("domain-known")
        .selectKey((key, lead) -> lead.getDomain(), Named.as("key-by-domain"))
        .repartition(Repartitioned.<String, EnrichedLead>as(PROFILES_BY_DOMAIN).withKeySerde(Serdes.String()).withValueSerde(leadSerde))
        // A company email's domain is the partition's domain: identity and company join share this one hop.
        .processValues(() -> new ResolveIdentity(EMAIL_IDENTITIES_STORE, false), Named.as("resolve-identity"), EMAIL_IDENTITIES_STORE)
        .leftJoin(companies, (lead, company) -> (ParkOrPublish.ByDomain) new ParkOrPublish.LeadWithCompany(lead, company),
            Joined.<String, EnrichedLead, CompanyProfile>as("join-company-profile").withKeySerde(Serdes.String()).withValueSerde(leadSerde))
        // Company updates release waiting leads in the same processor, so one index serves the pending store.
        .merge(companies.toStream(Named.as("company-profile-updates"))
            .mapValues(company -> (ParkOrPublish.ByDomain) new ParkOrPublish.CompanyUpdate(company),
                Named.as("release-pending-leads")), Named.as("merge-company-updates"))
        .process(() -> new ParkOrPublish(enricher, config), Named.as("park-or-publish"), PENDING_LEADS_STORE);
    KStream<String, EnrichedLead> withoutCompany = byDomain.get("domain-unknown")
        .map((key, lead) -> KeyValue.pair(lead.getLeadId(),
            enricher.withCompany(lead, null, null, lead.getEnrichedAt())), Named.as("publish-without-company"));

    withCompany
        .merge(withoutCompany, Named.as("merge-without-company"))
        .to(Topics.LEADS_ENRICHED.name(), Topics.LEADS_ENRICHED.produced("leads-enriched-sink"));
    return builder.build();
  }
}
