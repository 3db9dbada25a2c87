package io.leadflow.ops.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.avro.Rep;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same log and setup, run twice in one JVM: byte-identical JSON Lines, and something worth comparing. */
class SimulatorDeterminismTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Leads (two with a company, one waiting for its profile), activities, an outcome, a rep going on vacation. */
  private String log() {
    StringBuilder log = new StringBuilder();
    log.append("""
        {"kind":"company","domain":"acme.de","name":"Acme GmbH","firmographics":{"industry":"Software","employeeCount":120,"country":"DE"},"updatedAt":"2026-11-02T07:00:00Z"}
        {"kind":"rep","at":"2026-11-02T10:00:00Z","repId":"bob","name":"Bob","pools":["general"],"timeZone":"UTC","absences":[{"from":"2026-11-02T10:00:00Z","until":"2026-11-03T00:00:00Z","kind":"VACATION"}]}
        """);
    for (int i = 0; i < 30; i++) {
      String lead = "lead-" + i;
      String time = "2026-11-02T%02d:%02d:00Z".formatted(8 + i / 6, (i % 6) * 10);
      String email = i % 3 == 0 ? lead + "@acme.de" : i % 3 == 1 ? lead + "@gmail.com" : lead + "@later-gmbh.de";
      log.append("""
          {"kind":"lead","eventId":"%s-p","leadId":"%s","type":"PROFILE","occurredAt":"%s","profile":{"email":"%s","jobTitle":"Head of Sales","country":"DE","leadSource":"referral"}}
          {"kind":"lead","eventId":"%s-a","leadId":"%s","type":"ACTIVITY","occurredAt":%d,"activity":{"type":"demo_request"}}
          """.formatted(lead, lead, time, email, lead, lead, java.time.Instant.parse(time).plusSeconds(30).toEpochMilli()));
    }
    log.append("""
        {"kind":"outcome","outcomeId":"o-1","leadId":"lead-1","repId":"alice","type":"CONTACTED","occurredAt":"2026-11-02T12:00:00Z"}
        {"kind":"company","domain":"later-gmbh.de","name":"Later Ltd","firmographics":{"industry":"Manufacturing","employeeCount":800,"country":"GB"},"updatedAt":"2026-11-02T13:00:00Z"}
        {"kind":"lead","eventId":"tick","leadId":"lead-0","type":"ACTIVITY","occurredAt":"2026-11-02T14:00:00Z","activity":{"type":"email_open"}}
        """);
    return log.toString();
  }

  private String simulate(List<SimulationEvent> events) {
    List<Rep> reps = List.of(SimulationFixtures.rep("alice", 2, 0.3).build(), SimulationFixtures.rep("bob", 1, 0.2).build(),
        SimulationFixtures.rep("carol", 1, 0.1).build());
    SimulationSetup setup = new SimulationSetup("current", SimulationFixtures.config(
        SimulationFixtures.routingRules(dir, "current", "{weight-model: static}")), reps, List.of(), List.of(), List.of());
    StringWriter out = new StringWriter();
    try (OutputWriter writer = new OutputWriter(out); Simulator simulator = new Simulator(setup, writer)) {
      writer.summary(simulator.run(events));
    }
    return out.toString();
  }

  @Test
  void twoRunsGiveByteIdenticalOutput() throws IOException {
    List<SimulationEvent> events = EventLog.read(new StringReader(log()), "events.jsonl");
    String first = simulate(events);
    String second = simulate(EventLog.read(new StringReader(log()), "events.jsonl"));

    assertThat(second).isEqualTo(first);
    List<String> lines = first.lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("{\"kind\":\"assignment\"") && l.contains("\"decision\":{\"ruleMatched\""));
    assertThat(lines).anyMatch(l -> l.startsWith("{\"kind\":\"stage-change\""));
    assertThat(lines).anyMatch(l -> l.startsWith("{\"kind\":\"alert\""));
    assertThat(lines.get(lines.size() - 1)).startsWith("{\"kind\":\"summary\"").contains("\"leadsAssigned\":30");
    // Bob is on vacation from 10:00: he gets leads before, none after.
    List<String> toBob = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      if (node.path("kind").asText().equals("assignment") && node.path("repId").asText().equals("bob")) {
        toBob.add(node.path("assignedAt").asText());
      }
    }
    assertThat(toBob).isNotEmpty().allMatch(at -> at.compareTo("2026-11-02T10:00:00Z") < 0);
  }
}
