package io.leadflow.cli.bench;

import io.leadflow.avro.Activity;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.OutcomeType;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.platform.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The ladder's workload: per lead one profile event, 9–11 activity events (10 on average) and, for leads that reach
 * MQL, two CRM outcomes later. Under the shipped scoring rules (examples/scoring.yaml) a "hot" lead reaches MQL — a
 * decision-maker at a mid-market company in a target industry (fit 35–40) who requests a demo (+40) — and a "cold"
 * one cannot: no fit points but the region's, and only opens, short visits and at most two page views (≤ 35
 * engagement). In the mixed workload one lead in five is hot; in the all-routed worst case every lead is.
 */
public final class MixedWorkload {

  /** Country, region, industry of the hot companies (target industries) and the cold ones. */
  private static final String[][] HOT = {
      {"DE", "DACH", "Manufacturing"}, {"AT", "DACH", "Software"}, {"SE", "NORDICS", "Software"},
      {"US", "NA-EAST", "Software"}, {"GB", "EMEA", "Software"}, {"NL", "EMEA", "Manufacturing"}};
  private static final String[][] COLD = {
      {"CH", "DACH", "Retail"}, {"DK", "NORDICS", "Logistics"}, {"CA", "NA-WEST", "Retail"},
      {"FR", "EMEA", "Healthcare"}, {"IT", "EMEA", "Pharmaceuticals"}, {"ES", "EMEA", "Retail"}};
  private static final int COMPANIES_PER_KIND = 600;
  private static final List<String> HOT_ACTIVITIES = List.of("page_view", "email_open", "email_click", "visit", "webinar");

  public enum Kind {
    MIXED(0.2), ALL_ROUTED(1.0);

    final double hotShare;

    Kind(double hotShare) {
      this.hotShare = hotShare;
    }

    public String label() {
      return this == MIXED ? "mixed (1 in 5 routed)" : "all routed (worst case)";
    }
  }

  /** One input record of a lead, before its event time is known. */
  public record Event(String leadId, LeadEventType type, String activity, OutcomeType outcome) {}

  /** A lead's events in order; the outcomes come "later" (the caller decides how much later). */
  public record Lead(String leadId, boolean hot, List<Event> events, List<Event> outcomes) {}

  private final Kind kind;
  private final Random random;

  public MixedWorkload(Kind kind, long seed) {
    this.kind = kind;
    this.random = new Random(seed);
  }

  /** The company profiles every lead's domain points at (enrichment joins them; routing's pools follow them). */
  public static void publishCompanies(RecordPublisher publisher, Instant at) {
    Random random = new Random(5);
    for (int i = 0; i < COMPANIES_PER_KIND; i++) {
      for (boolean hot : new boolean[] {true, false}) {
        String[] c = (hot ? HOT : COLD)[i % HOT.length];
        String domain = domain(hot, i);
        // Hot: 50–499 employees (mid-market, +10 fit); cold: under 50 (SMB).
        int employees = hot ? 50 + random.nextInt(450) : 5 + random.nextInt(40);
        publisher.send(Topics.COMPANY_PROFILES, domain, CompanyProfile.newBuilder()
            .setDomain(domain).setName((hot ? "Hot " : "Cold ") + i)
            .setFirmographics(Firmographics.newBuilder().setIndustry(c[2]).setCountry(c[0]).setRegion(c[1])
                .setEmployeeCount(employees).build())
            .setUpdatedAt(at).build(), at.toEpochMilli());
      }
    }
  }

  private static String domain(boolean hot, int company) {
    return (hot ? "hot-" : "cold-") + company + ".de"; // a registered suffix: enrichment checks domains
  }

  public Lead next(String leadId) {
    boolean hot = random.nextDouble() < kind.hotShare;
    List<Event> events = new ArrayList<>();
    events.add(new Event(leadId, LeadEventType.PROFILE, (hot ? "hot-" : "cold-") + random.nextInt(COMPANIES_PER_KIND), null));
    int activities = 9 + random.nextInt(3);
    int pageViews = 0;
    for (int a = 0; a < activities; a++) {
      String type;
      if (hot) {
        type = a == 3 ? "demo_request" : HOT_ACTIVITIES.get(random.nextInt(HOT_ACTIVITIES.size()));
      } else {
        type = List.of("email_open", "visit", "page_view").get(random.nextInt(3));
        if (type.equals("page_view") && ++pageViews > 2) {
          type = "email_open";
        }
      }
      events.add(new Event(leadId, LeadEventType.ACTIVITY, type, null));
    }
    List<Event> outcomes = hot
        ? List.of(new Event(leadId, null, null, OutcomeType.CONTACTED), new Event(leadId, null, null, OutcomeType.ACCEPTED))
        : List.of();
    return new Lead(leadId, hot, events, outcomes);
  }

  /** Sends one event with {@code at} as its event time (and record timestamp). */
  public static void send(RecordPublisher publisher, Event event, Instant at) {
    String leadId = event.leadId();
    if (event.outcome() != null) {
      publisher.send(Topics.LEAD_OUTCOMES, leadId, LeadOutcome.newBuilder()
          .setOutcomeId(leadId + "-" + event.outcome()).setLeadId(leadId).setType(event.outcome())
          .setOccurredAt(at).setSource("bench-crm").build(), at.toEpochMilli());
    } else if (event.type() == LeadEventType.PROFILE) {
      boolean hot = event.activity().startsWith("hot-");
      String company = event.activity().substring(event.activity().indexOf('-') + 1);
      publisher.send(Topics.LEAD_EVENTS, leadId, LeadEvent.newBuilder()
          .setEventId(leadId + "-profile").setLeadId(leadId).setType(LeadEventType.PROFILE).setOccurredAt(at)
          .setSource("web-form")
          .setProfile(LeadProfile.newBuilder().setEmail(leadId + "@" + domain(hot, Integer.parseInt(company)))
              .setFirstName("Ada").setLastName("Lovelace").setJobTitle(hot ? "Head of Operations" : "Analyst")
              .setLeadSource("web-form").build())
          .build(), at.toEpochMilli());
    } else {
      publisher.send(Topics.LEAD_EVENTS, leadId, LeadEvent.newBuilder()
          .setEventId(leadId + "-" + at.toEpochMilli() + "-" + event.activity()).setLeadId(leadId)
          .setType(LeadEventType.ACTIVITY).setOccurredAt(at).setSource("marketing-automation")
          .setActivity(Activity.newBuilder().setType(event.activity())
              .setUrl("https://leadflow.example/" + event.activity()).setDurationSeconds(30).build())
          .build(), at.toEpochMilli());
    }
  }

  /**
   * The untimed load: {@code leads} leads, 100 ms of event time apart, their activities 5 s apart and their outcomes an
   * hour later, all in the past (current event times: see EnrichmentWorkload). Returns the records written.
   */
  public long load(RecordPublisher publisher, int leads, String prefix) {
    Instant t0 = Instant.now().minus(Duration.ofHours(3)).minusMillis(leads * 100L);
    publishCompanies(publisher, t0.minusSeconds(60));
    long records = 0;
    for (int i = 0; i < leads; i++) {
      Lead lead = next(prefix + i);
      Instant at = t0.plusMillis(i * 100L);
      for (int e = 0; e < lead.events().size(); e++) {
        send(publisher, lead.events().get(e), at.plusSeconds(5L * e));
      }
      for (int o = 0; o < lead.outcomes().size(); o++) {
        send(publisher, lead.outcomes().get(o), at.plus(Duration.ofHours(1)).plusSeconds(o));
      }
      records += lead.events().size() + lead.outcomes().size();
    }
    return records;
  }
}
