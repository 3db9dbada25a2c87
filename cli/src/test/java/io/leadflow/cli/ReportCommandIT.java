package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RoutingDecision;
import io.leadflow.avro.SkippedRep;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  @BeforeAll
  static void publish() {
    LayeredConfig config = LayeredConfig.defaults().with("kafka.bootstrap.servers", KAFKA.bootstrapServers());
    TopicSetup.createAll(config);
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      for (LeadAssignment a : List.of(assignment("lead-1", "rep-anna", 0, null), assignment("lead-2", "rep-ben", 1, null),
          assignment("lead-3", "rep-ben", 2, "no-territory"), assignment("lead-4", "rep-ben", 3, null))) {
        publisher.send(Topics.LEAD_ASSIGNMENTS, a.getLeadId(), a, a.getAssignedAt().toEpochMilli());
      }
      for (LeadOutcome o : List.of(outcome("lead-1", OutcomeType.CONTACTED, 600), outcome("lead-1", OutcomeType.WON, 7200),
          outcome("lead-2", OutcomeType.CONTACTED, 1200))) {
        publisher.send(Topics.LEAD_OUTCOMES, o.getLeadId(), o, o.getOccurredAt().toEpochMilli());
      }
      LeadStageChange change = LeadStageChange.newBuilder().setLeadId("lead-1").setFromStage(LeadStage.PROSPECT)
          .setToStage(LeadStage.MQL).setReason("score 72 >= 60").setTotalScore(72).setOccurredAt(T)
          .setConfigVersion("scoring-v1").build();
      publisher.send(Topics.LEAD_STAGE_CHANGES, "lead-1", change, T.toEpochMilli());
      publisher.flush();
    }
  }

  static LeadAssignment assignment(String lead, String rep, int minute, String fallback) {
    Instant at = T.plusSeconds(60L * minute);
    return LeadAssignment.newBuilder().setAssignmentId("a-" + lead).setLeadId(lead).setRepId(rep).setPoolId("dach")
        .setMethod(AssignmentMethod.WEIGHTED).setPriority(Priority.NORMAL).setStage(LeadStage.MQL)
        .setDecision(RoutingDecision.newBuilder().setRuleMatched("territory:dach").setPoolId("dach")
            .setCandidates(List.of(new Candidate("rep-anna", 2.0, 1L), new Candidate("rep-ben", 1.0, 2L)))
            .setSkipped(List.of(new SkippedRep("rep-cem", "at capacity"))).setFallback(fallback)
            .setConfigVersion("routing-v2").build())
        .setEventTime(at.minusMillis(400)).setAssignedAt(at).build();
  }

  static LeadOutcome outcome(String lead, OutcomeType type, int seconds) {
    return LeadOutcome.newBuilder().setOutcomeId("o-" + lead + type).setLeadId(lead).setType(type)
        .setOccurredAt(T.plusSeconds(seconds)).build();
  }

  private static String run(Object command, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void reportsFromTheClusterAndWritesHtml(@TempDir Path dir) throws Exception {
    Path html = dir.resolve("report.html");
    String text = run(new ReportCommand(), "--bootstrap-servers", KAFKA.bootstrapServers(), "--from", "2026-11-20",
        "--to", "2026-11-20", "--html", html.toString());

    assertThat(text).contains("assignments 4, leads 4, fallback rate 25.0% (1)");
    assertThat(text).containsPattern("rep-anna\\s+1\\n").containsPattern("rep-ben\\s+3\\n");
    assertThat(text).containsPattern("assignment latency\\s+4\\s+400ms");
    assertThat(text).containsPattern("WEIGHTED\\s+4\\s+1\\s+25.0%");
    assertThat(Files.readString(html)).contains("<svg").contains("rep-ben");
  }

  @Test
  void reportsFromJsonLinesFiles(@TempDir Path dir) throws Exception {
    Path assignments = dir.resolve("a.jsonl");
    Path outcomes = dir.resolve("o.jsonl");
    Files.writeString(assignments, """
        {"leadId":"x1","repId":"r1","method":"ROUND_ROBIN","eventTime":"2026-11-20T10:00:00Z","assignedAt":"2026-11-20T10:00:02Z","decision":{"candidates":[{"repId":"r1","weight":1.0,"windowCount":0}]}}
        {"leadId":"x2","repId":"r2","method":"ROUND_ROBIN","eventTime":1795168800000,"assignedAt":1795168801000,"decision":{"fallback":"no-territory"}}
        """);
    Files.writeString(outcomes, """
        {"leadId":"x1","type":"OPPORTUNITY","occurredAt":"2026-11-20T11:00:00Z"}
        """);
    String text = run(new ReportCommand(), "--assignments", assignments.toString(), "--outcomes", outcomes.toString());

    assertThat(text).contains("assignments 2, leads 2, fallback rate 50.0% (1)");
    assertThat(text).containsPattern("ROUND_ROBIN\\s+2\\s+1\\s+50.0%");
  }

  @Test
  void explainsOneLead() {
    String text = run(new ExplainCommand(), "lead-1", "--bootstrap-servers", KAFKA.bootstrapServers());

    assertThat(text).startsWith("Lead lead-1");
    assertThat(text).contains("PROSPECT -> MQL  score 72.0  reason: score 72 >= 60  (rules scoring-v1)");
    assertThat(text).contains("-> rep-anna  method WEIGHTED");
    assertThat(text).contains("      * rep-anna", "skipped rep-cem: at capacity", "config routing-v2");
    assertThat(text).contains("WON").doesNotContain("lead-2").doesNotContain("rep-ben  method");
  }
}
