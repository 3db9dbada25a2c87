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
 * over the next seconds. About half the leads are active enough to become MQL.
 */
public final class SyntheticTraffic {

  /** One event and the offset from the lead's arrival at which it is due. */
  public record ScheduledEvent(LeadEvent event, Duration offset) {}

  /** All events of one lead, and whether they add up to an MQL under the given points per activity. */
  public record SyntheticLead(String leadId, List<ScheduledEvent> events, boolean reachesMql) {}

  private static final List<String> ACTIVITY_TYPES =
      List.of("page_view", "pricing_page", "demo_request", "form_submit", "webinar", "email_open", "email_click", "visit");
  private static final List<String> FREE_MAIL = List.of("gmail.com", "outlook.com", "web.de", "gmx.de");
  private static final List<String> FIRST = List.of("Ada", "Jonas", "Mia", "Lukas", "Sofia", "Noah", "Lea", "Elias", "Hanna", "Paul");
  private static final List<String> LAST = List.of("Schmidt", "Meyer", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch");
  private static final List<String> TITLES = List.of("Head of Sales", "CTO", "Operations Manager", "Marketing Lead", "Procurement", "CFO");
  private static final List<String> SOURCES = List.of("web-form", "paid-search", "webinar", "linkedin-ads", "referral");

  private final Random random;
  private final List<CompanyProfile> companies;
  private final String runId;
  private final int activitiesForMql;
  private int sequence;

  public SyntheticTraffic(long seed, List<CompanyProfile> companies, String runId, int activitiesForMql) {
    this.random = new Random(seed);
    this.companies = List.copyOf(companies);
    this.runId = runId;
    this.activitiesForMql = activitiesForMql;
  }

  public SyntheticLead next(Instant arrival) {
    String leadId = String.format("demo-%s-%05d", runId, ++sequence);
    List<ScheduledEvent> events = new ArrayList<>();
    events.add(new ScheduledEvent(profileEvent(leadId, arrival), Duration.ZERO));
    boolean engaged = random.nextBoolean();
    int activities = engaged
        ? activitiesForMql + random.nextInt(3)
        : 1 + random.nextInt(Math.max(1, activitiesForMql - 1));
    for (int i = 1; i <= activities; i++) {
      Duration offset = Duration.ofMillis(300L * i + random.nextInt(200));
      events.add(new ScheduledEvent(activityEvent(leadId, arrival.plus(offset), i), offset));
    }
    return new SyntheticLead(leadId, events, activities >= activitiesForMql);
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

  private LeadEvent activityEvent(String leadId, Instant at, int number) {
    String type = pick(ACTIVITY_TYPES);
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
