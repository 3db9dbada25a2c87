package io.leadflow.cli.demo;

import io.leadflow.avro.Activity;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic lead traffic, reproducible from a seed: each lead sends a profile, then a few activities spread
 * over the next seconds. About half the leads are engaged (pricing, forms, demo requests, webinars); the rest
 * only open an email or glance at a page. The scoring rules decide which become MQL.
 */
public final class SyntheticTraffic {

  /** One event and the offset from the lead's arrival at which it is due. */
  public record ScheduledEvent(LeadEvent event, Duration offset) {}

  /** All events of one lead. */
  public record SyntheticLead(String leadId, List<ScheduledEvent> events) {}

  private static final List<String> ENGAGED = List.of("pricing_page", "form_submit", "demo_request", "webinar", "page_view");
  private static final List<String> BROWSING = List.of("email_open", "visit", "page_view", "email_click");
  private static final List<String> FREE_MAIL = List.of("gmail.com", "outlook.com", "web.de", "gmx.de");
  private static final List<String> FIRST = List.of("Ada", "Jonas", "Mia", "Lukas", "Sofia", "Noah", "Lea", "Elias", "Hanna", "Paul");
  private static final List<String> LAST = List.of("Schmidt", "Meyer", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch");
  private static final List<String> TITLES = List.of("Head of Sales", "CTO", "Operations Manager", "Marketing Lead", "Procurement", "CFO");
  private static final List<String> SOURCES = List.of("web-form", "paid-search", "webinar", "linkedin-ads", "referral");

  private final Random random;
  private final List<CompanyProfile> companies;
  private final String runId;
  private int sequence;

  public SyntheticTraffic(long seed, List<CompanyProfile> companies, String runId) {
    this.random = new Random(seed);
    this.companies = List.copyOf(companies);
    this.runId = runId;
  }

  public SyntheticLead next(Instant arrival) {
    String leadId = String.format("demo-%s-%05d", runId, ++sequence);
    List<ScheduledEvent> events = new ArrayList<>();
    events.add(new ScheduledEvent(profileEvent(leadId, arrival), Duration.ZERO));
    boolean engaged = random.nextBoolean();
    List<String> kinds = engaged ? ENGAGED : BROWSING;
    int activities = engaged ? 3 + random.nextInt(4) : 1 + random.nextInt(3);
    for (int i = 1; i <= activities; i++) {
      Duration offset = Duration.ofMillis(300L * i + random.nextInt(200));
      events.add(new ScheduledEvent(activityEvent(leadId, arrival.plus(offset), i, pick(kinds)), offset));
    }
    return new SyntheticLead(leadId, events);
  }

  private LeadEvent profileEvent(String leadId, Instant at) {
    String first = pick(FIRST);
    String last = pick(LAST);
    double roll = random.nextDouble();
    String domain;
    if (roll < 0.75 && !companies.isEmpty()) {
      domain = pick(companies).getDomain();
    } else if (roll < 0.85) {
      domain = pick(FREE_MAIL);
    } else {
      domain = "unlisted-" + random.nextInt(1000) + ".de";
    }
    return LeadEvent.newBuilder()
        .setEventId(leadId + "-profile")
        .setLeadId(leadId)
        .setType(LeadEventType.PROFILE)
        .setOccurredAt(at)
        .setSource("web-form")
        .setProfile(LeadProfile.newBuilder()
            .setEmail((first + "." + last + "@" + domain).toLowerCase())
            .setFirstName(first)
            .setLastName(last)
            .setJobTitle(pick(TITLES))
            .setLeadSource(pick(SOURCES))
            .build())
        .build();
  }

  private LeadEvent activityEvent(String leadId, Instant at, int number, String type) {
    return LeadEvent.newBuilder()
        .setEventId(leadId + "-activity-" + number)
        .setLeadId(leadId)
        .setType(LeadEventType.ACTIVITY)
        .setOccurredAt(at)
        .setSource("marketing-automation")
        .setActivity(Activity.newBuilder().setType(type).setUrl("https://leadflow.example/" + type.replace('_', '-')).build())
        .build();
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
