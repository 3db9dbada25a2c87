package io.leadflow.ops.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.Rep;
import io.leadflow.platform.streams.StoreKind;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task loop against the test driver's own loop, on the same log: the same output, byte for byte. The log makes
 * every path of the loop carry records: repartitions (enrichment by domain), tables fed by the topology's own output
 * (routing's rep load and assignments), stream-time punctuations (pending leads expire, SLA checks), dead letters,
 * and a table update that releases waiting leads.
 */
class ReplayDriverTest {

  private static final Instant START = SimulationFixtures.START;

  @TempDir Path dir;

  private static String at(Duration after) {
    return START.plus(after).toString();
  }

  private String log() {
    StringBuilder log = new StringBuilder();
    log.append("""
        {"kind":"company","domain":"acme.de","name":"Acme GmbH","firmographics":{"industry":"Software","employeeCount":120,"country":"DE"},"updatedAt":"%s"}
        {"kind":"rep","at":"%s","repId":"bob","name":"Bob","pools":["general"],"timeZone":"UTC","absences":[{"from":"%s","until":"%s","kind":"VACATION"}]}
        """.formatted(at(Duration.ZERO), at(Duration.ofHours(1)), at(Duration.ofHours(2)), at(Duration.ofDays(1))));
    String[] domains = {"acme.de", "gmail.com", "later-gmbh.de", "never-gmbh.de"};
    for (int i = 0; i < 80; i++) {
      String lead = "lead-" + i;
      Duration offset = Duration.ofMinutes(7L * i);
      String email = lead + "@" + domains[i % domains.length];
      log.append("""
          {"kind":"lead","eventId":"%s-p","leadId":"%s","type":"PROFILE","occurredAt":"%s","profile":{"email":"%s","jobTitle":"Head of Sales","country":"DE","leadSource":"referral"}}
          {"kind":"lead","eventId":"%s-a","leadId":"%s","type":"ACTIVITY","occurredAt":"%s","activity":{"type":"demo_request"}}
          """.formatted(lead, lead, at(offset), email, lead, lead, at(offset.plusSeconds(30))));
      if (i % 9 == 2) { // the same lead again while it waits for its company: parked again, not twice
        log.append("""
            {"kind":"lead","eventId":"%s-p2","leadId":"%s","type":"PROFILE","occurredAt":"%s","profile":{"email":"%s","jobTitle":"CTO","country":"DE","leadSource":"referral"}}
            """.formatted(lead, lead, at(offset.plusSeconds(90)), email));
      }
      if (i % 5 == 0) {
        log.append("""
            {"kind":"outcome","outcomeId":"o-%d","leadId":"%s","repId":"alice","type":"CONTACTED","occurredAt":"%s"}
            """.formatted(i, lead, at(offset.plusMinutes(20))));
      }
      if (i == 40) {
        log.append("""
            {"kind":"lead","eventId":"broken","leadId":"","type":"ACTIVITY","occurredAt":"%s","activity":{"type":"demo_request"}}
            {"kind":"company","domain":"later-gmbh.de","name":"Later Ltd","firmographics":{"industry":"Manufacturing","employeeCount":800,"country":"GB"},"updatedAt":"%s"}
            """.formatted(at(offset.plusSeconds(45)), at(offset.plusSeconds(50))));
      }
    }
    // Eight days on: never-gmbh.de's leads have waited past the time-to-live.
    log.append("""
        {"kind":"lead","eventId":"tick","leadId":"lead-0","type":"ACTIVITY","occurredAt":"%s","activity":{"type":"email_open"}}
        """.formatted(at(Duration.ofDays(8))));
    return log.toString();
  }

  /** One weighted pool, and SLA re-routing on: a lead nobody contacts within the SLA goes to another rep. */
  private Path rules() throws IOException {
    Path file = dir.resolve("routing.yaml");
    Files.writeString(file, """
        version: replay-test
        trigger: {stages: [MQL, HOT], high-priority: [HOT]}
        hierarchy: []
        general-pool: general
        pools:
          general: {weight-model: static}
        max-reroutes: 1
        skip: {login-timeout: 0s, active-lead-cap: 100000, working-hours: false}
        """);
    return file;
  }

  private String simulate(ReplayDriver.Loop loop) throws IOException {
    // Alice's daily cap makes routing read the rep load it writes and reads back itself.
    List<Rep> reps = List.of(SimulationFixtures.rep("alice", 2, 0.3).setMaxLeadsPerDay(12).build(), SimulationFixtures.rep("bob", 1, 0.2).build(),
        SimulationFixtures.rep("carol", 1, 0.1).build());
    SimulationSetup setup = new SimulationSetup("current", SimulationFixtures.config(rules()), reps, List.of(), List.of(),
        List.of());
    StringWriter out = new StringWriter();
    try (OutputWriter writer = new OutputWriter(out);
         Simulator simulator = new Simulator(setup, writer, StoreKind.IN_MEMORY, loop)) {
      writer.summary(simulator.run(EventLog.read(new StringReader(log()), "events.jsonl")));
    }
    return out.toString();
  }

  @Test
  void taskLoopWritesWhatTheTestDriverWrites() throws IOException {
    String reference = simulate(ReplayDriver.Loop.TEST_DRIVER);
    String taskLoop = simulate(ReplayDriver.Loop.TASK);

    assertThat(taskLoop).isEqualTo(reference);
    List<String> lines = reference.lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("{\"kind\":\"assignment\"") && l.contains("\"ruleMatched\":\"sla-"));
    assertThat(lines).anyMatch(l -> l.startsWith("{\"kind\":\"dead-letter\""));
    // later-gmbh.de's waiting leads are released when its profile arrives, and their fit now counts the company.
    String released = "{\"kind\":\"stage-change\",\"at\":\"" + at(Duration.ofMinutes(7L * 40).plusSeconds(50)) + "\"";
    assertThat(lines).anyMatch(l -> l.startsWith(released) && l.contains("target-industry"));
    assertThat(lines.get(lines.size() - 1)).startsWith("{\"kind\":\"summary\"");
  }
}
