package io.leadflow.ops.simulate;

import io.leadflow.avro.Activity;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Rep;
import io.leadflow.platform.config.LayeredConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Building blocks for simulate and backtest tests: a small team, routing rules, leads that become MQL. */
public final class SimulationFixtures {

  public static final Instant START = Instant.parse("2026-11-02T08:00:00Z"); // a Monday

  private SimulationFixtures() {}

  /**
   * Routing rules for one general pool: {@code poolLine} is the pool's settings, e.g.
   * {@code {weight-model: normalized, floor: 0.5}}. Login, working hours, the active-lead cap and SLA re-routing are
   * off, so the test sees the weight model alone.
   */
  public static Path routingRules(Path dir, String name, String poolLine) {
    String yaml = """
        version: %s
        trigger: {stages: [MQL, HOT], high-priority: [HOT]}
        hierarchy: []
        general-pool: general
        pools:
          general: %s
        max-reroutes: 0
        skip: {login-timeout: 0s, active-lead-cap: 100000, working-hours: false}
        """.formatted(name, poolLine);
    try {
      Path file = dir.resolve(name + "-routing.yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LayeredConfig config(Path routingRules) {
    return LayeredConfig.defaults().with("routing.rules-file", routingRules.toString());
  }

  public static Rep.Builder rep(String id, double weight, Double conversionRate) {
    return Rep.newBuilder().setRepId(id).setName(id).setPools(List.of("general")).setWeight(weight)
        .setConversionRate(conversionRate).setTimeZone("UTC").setConfigVersion("test");
  }

  /** A free-mail lead whose fit (DE, head of, referral = 20) plus a demo request (40) makes it MQL (50). */
  public static List<SimulationEvent> mqlLead(String leadId, Instant at, long line) {
    LeadEvent profile = LeadEvent.newBuilder().setEventId(leadId + "-p").setLeadId(leadId).setType(LeadEventType.PROFILE)
        .setOccurredAt(at).setSource("test")
        .setProfile(LeadProfile.newBuilder().setEmail(leadId + "@gmail.com").setJobTitle("Head of IT").setCountry("DE")
            .setLeadSource("referral").build())
        .build();
    Instant demoAt = at.plusSeconds(60);
    LeadEvent demo = LeadEvent.newBuilder().setEventId(leadId + "-a").setLeadId(leadId).setType(LeadEventType.ACTIVITY)
        .setOccurredAt(demoAt).setActivity(Activity.newBuilder().setType("demo_request").build()).build();
    return List.of(SimulationEvent.of(EventKind.LEAD, at.toEpochMilli(), profile, line),
        SimulationEvent.of(EventKind.LEAD, demoAt.toEpochMilli(), demo, line + 1));
  }

  public static SimulationEvent outcome(String leadId, String repId, OutcomeType type, Instant at, long line) {
    LeadOutcome outcome = LeadOutcome.newBuilder().setOutcomeId(leadId + "-" + type).setLeadId(leadId).setRepId(repId)
        .setType(type).setOccurredAt(at).setSource("crm").build();
    return SimulationEvent.of(EventKind.OUTCOME, at.toEpochMilli(), outcome, line);
  }
}
