package io.leadflow.cli.fault;

import io.leadflow.avro.Activity;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Rep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fault test's traffic, reproducible from a seed and regenerated on demand (lead {@code i} never needs to be
 * stored: the verifier asks for it again). Each lead has one profile and 8–12 activities about a second apart;
 * about one lead in five is engaged (pricing, demo requests, forms, webinars) and becomes MQL or HOT under the
 * shipped scoring rules, the rest only open emails, visit briefly and look at careers and press pages. Every lead
 * has its own email address (enrichment merges leads by email) at one of the loaded companies.
 */
final class FaultWorkload {

  static final int COMPANIES = 60;
  static final int REPS = 12;
  static final String POOL = "general";
  private static final Duration LEAD_SPACING = Duration.ofMillis(10);
  private static final Duration ACTIVITY_SPACING = Duration.ofMillis(1_000);
  /** The CRM answers an assignment with an outcome dated this long after the lead's last activity. */
  static final Duration OUTCOME_DELAY = Duration.ofMinutes(1);

  private static final List<String> INDUSTRIES = List.of("Software", "Manufacturing", "Financial Services", "Retail", "Energy", "Healthcare");
  private static final List<String> COUNTRIES = List.of("DE", "AT", "CH", "GB", "NL", "FR", "US", "DK");
  private static final List<String> TITLES = List.of("Head of Sales", "CTO", "Operations Manager", "Marketing Lead", "Procurement", "CFO", "Analyst");
  private static final List<String> SOURCES = List.of("web-form", "paid-search", "webinar", "linkedin-ads", "referral");
  private static final List<String> ENGAGED = List.of("pricing_page", "form_submit", "demo_request", "webinar", "page_view", "email_click", "visit");
  private static final List<String> BROWSING = List.of("email_open", "visit", "careers", "press");
  private static final List<OutcomeType> OUTCOMES = List.of(OutcomeType.CONTACTED, OutcomeType.ACCEPTED, OutcomeType.QUALIFIED, OutcomeType.LOST);

  /** One lead's events, in time order (profile first). */
  record Lead(String leadId, CompanyProfile company, LeadEvent profile, List<LeadEvent> activities) {
    Instant lastEventAt() {
      return activities.isEmpty() ? profile.getOccurredAt() : activities.get(activities.size() - 1).getOccurredAt();
    }
  }

  private final long seed;
  private final Instant start;
  private final List<CompanyProfile> companies;

  FaultWorkload(long seed, Instant start) {
    this.seed = seed;
    this.start = start;
    this.companies = companies(seed, start);
  }

  long seed() {
    return seed;
  }

  Instant start() {
    return start;
  }

  List<CompanyProfile> companies() {
    return companies;
  }

  List<Rep> reps() {
    List<Rep> reps = new ArrayList<>();
    for (int i = 1; i <= REPS; i++) {
      reps.add(Rep.newBuilder().setRepId(String.format("rep-%02d", i)).setName("Rep " + i)
          .setEmail(String.format("rep-%02d@leadflow.example", i)).setPools(List.of(POOL)).setWeight(1 + i % 3).build());
    }
    return reps;
  }

  static String leadId(long seed, int index) {
    return String.format("fault-%d-%06d", seed, index);
  }

  /** Lead {@code index}, the same every time it is asked for. */
  Lead lead(int index) {
    Random random = new Random(seed * 1_000_003L + index);
    String leadId = leadId(seed, index);
    CompanyProfile company = companies.get(random.nextInt(companies.size()));
    Instant arrival = start.plus(LEAD_SPACING.multipliedBy(index));
    LeadEvent profile = LeadEvent.newBuilder()
        .setEventId(leadId + "-profile")
        .setLeadId(leadId)
        .setType(LeadEventType.PROFILE)
        .setOccurredAt(arrival)
        .setSource("web-form")
        .setProfile(LeadProfile.newBuilder()
            .setEmail("contact." + index + "@" + company.getDomain())
            .setFirstName("Lead")
            .setLastName("No" + index)
            .setJobTitle(pick(random, TITLES))
            .setLeadSource(pick(random, SOURCES))
            .build())
        .build();
    boolean engaged = random.nextDouble() < 0.2;
    int count = 8 + random.nextInt(5);
    List<LeadEvent> activities = new ArrayList<>(count);
    for (int k = 1; k <= count; k++) {
      Instant at = arrival.plus(ACTIVITY_SPACING.multipliedBy(k));
      activities.add(LeadEvent.newBuilder()
          .setEventId(leadId + "-activity-" + k)
          .setLeadId(leadId)
          .setType(LeadEventType.ACTIVITY)
          .setOccurredAt(at)
          .setSource("marketing-automation")
          .setActivity(activity(random, engaged ? pick(random, ENGAGED) : pick(random, BROWSING)))
          .build());
    }
    return new Lead(leadId, company, profile, activities);
  }

  /** What the simulated CRM reports for an assigned lead, if anything: a function of the lead alone. */
  static OutcomeType outcomeFor(String leadId) {
    int h = Math.floorMod(leadId.hashCode() * 31 + 7, 10);
    return h < OUTCOMES.size() ? OUTCOMES.get(h) : null;
  }

  private static Activity activity(Random random, String kind) {
    return switch (kind) {
      case "careers" -> Activity.newBuilder().setType("page_view").setUrl("https://leadflow.example/careers").build();
      case "press" -> Activity.newBuilder().setType("page_view").setUrl("https://leadflow.example/press").build();
      case "visit" -> Activity.newBuilder().setType("visit").setUrl("https://leadflow.example/")
          .setDurationSeconds(10 + random.nextInt(200)).build();
      case "page_view" -> Activity.newBuilder().setType("page_view").setUrl("https://leadflow.example/product").build();
      default -> Activity.newBuilder().setType(kind).setUrl("https://leadflow.example/" + kind.replace('_', '-')).build();
    };
  }

  private static List<CompanyProfile> companies(long seed, Instant at) {
    Random random = new Random(seed);
    List<CompanyProfile> list = new ArrayList<>();
    for (int i = 0; i < COMPANIES; i++) {
      int employees = 5 + random.nextInt(2_000);
      list.add(CompanyProfile.newBuilder()
          .setDomain("faultco-" + i + ".de")
          .setName("Faultco " + i + " GmbH")
          .setFirmographics(Firmographics.newBuilder()
              .setIndustry(pick(random, INDUSTRIES))
              .setEmployeeCount(employees)
              .setAnnualRevenue(employees * 150_000.0)
              .setCountry(pick(random, COUNTRIES))
              .setRegion("EMEA")
              .build())
          .setUpdatedAt(at)
          .build());
    }
    return list;
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
