package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.Priority;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import io.leadflow.avro.RoutingDecision;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real broker: recalibrate reads lead-assignments, lead-outcomes, reps and rep-weights, and --apply
 * publishes versioned RepWeight records; then the reps spreadsheet round trip publishes an admin weight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecalibrateIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
  private static LayeredConfig config;

  @BeforeAll
  static void topicsAndData() {
    config = LayeredConfig.defaults().with("kafka.bootstrap.servers", KAFKA.bootstrapServers());
    TopicSetup.createAll(config);
    Map<String, Integer> opportunities = new LinkedHashMap<>();
    opportunities.put("alice", 48); // 40 %
    opportunities.put("bob", 30);   // 25 %
    opportunities.put("carol", 12); // 10 %
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      for (String rep : opportunities.keySet()) {
        publisher.send(Topics.REPS, rep, Rep.newBuilder().setRepId(rep).setName(rep.toUpperCase()).setEmail(rep + "@acme.de")
            .setPools(List.of("inbound")).build(), END.toEpochMilli());
      }
      for (var entry : opportunities.entrySet()) {
        for (int i = 0; i < 120; i++) {
          String lead = entry.getKey() + "-" + i;
          Instant at = END.minus(Duration.ofHours(12L * i + 2));
          publisher.send(Topics.LEAD_ASSIGNMENTS, lead, assignment(lead, entry.getKey(), at), at.toEpochMilli());
          if (i < entry.getValue()) {
            publisher.send(Topics.LEAD_OUTCOMES, lead, outcome(lead, i % 2 == 0 ? OutcomeType.WON : OutcomeType.OPPORTUNITY,
                at.plusSeconds(3600)), at.toEpochMilli());
          }
        }
      }
      // a lead from 100 days ago does not count: outside the 90-day window
      Instant old = END.minus(Duration.ofDays(100));
      publisher.send(Topics.LEAD_ASSIGNMENTS, "old", assignment("old", "carol", old), old.toEpochMilli());
      publisher.send(Topics.LEAD_OUTCOMES, "old", outcome("old", OutcomeType.WON, old.plusSeconds(60)), old.toEpochMilli());
      publisher.flush();
    }
  }

  @Test
  @Order(1)
  void applyPublishesVersionedWeightsAndTheNextCycleSeesTheirRates() {
    RecalibrateCommandTest.Output out = run("recalibrate", "--model", "clamped", "--max-change", "none", "--apply",
        "--version", "2026-11", "--as-of", END.toString());

    assertThat(out.exit()).as(out.err()).isZero();
    assertThat(out.out()).contains("team average lead->opportunity rate: 25.0%")
        .containsPattern("carol\\s+120\\s+12\\s+10\\.0%")
        .contains("published 3 weights (model clamped, version 2026-11) to rep-weights");
    Map<String, RepWeight> weights = weights(3);
    assertThat(weights.get("alice").getWeight()).isCloseTo(1.6, within(1e-9));
    assertThat(weights.get("bob").getWeight()).isCloseTo(1.0, within(1e-9));
    assertThat(weights.get("carol").getWeight()).isEqualTo(0.5);
    RepWeight alice = weights.get("alice");
    assertThat(alice.getModel()).isEqualTo("clamped");
    assertThat(alice.getVersion()).isEqualTo("2026-11");
    assertThat(alice.getInputs()).containsEntry("rate", 0.4).containsEntry("leads", 120.0)
        .containsEntry("opportunities", 48.0).containsEntry("wins", 24.0).containsEntry("previousWeight", 1.0);

    RecalibrateCommandTest.Output second = run("recalibrate", "--as-of", END.toString(), "--max-change", "0.3");

    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).containsPattern("alice\\s+120\\s+48\\s+40\\.0%\\s+40\\.0%\\s+\\+0%\\s+1\\.60\\s+1\\.60\\s+\\+0\\.00")
        .contains("triggers: none").contains("dry run: nothing published");
    assertThat(weights(3)).hasSize(3);
  }

  @Test
  @Order(2)
  void theSpreadsheetRoundTripPublishesChangedRepsAndAdminWeights(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("reps.csv");
    RecalibrateCommandTest.Output export = run("reps", "export", "--out", csv.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    String exported = Files.readString(csv);
    assertThat(exported).contains("alice,ALICE,alice@acme.de,true,inbound,,1.6,,1.0,,true,UTC,,,")
        .contains("carol,CAROL,carol@acme.de,true,inbound,,0.5,,1.0,,true,UTC,,,");

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, exported.replace("carol,CAROL,carol@acme.de,true,inbound,,0.5", "carol,CAROL,carol@acme.de,true,inbound,,lots"));
    RecalibrateCommandTest.Output rejected = run("reps", "import", bad.toString());
    assertThat(rejected.exit()).isEqualTo(2);
    assertThat(rejected.err()).contains(bad + ":4: field 'weight': expected a number of 0 or more, got 'lots'");

    Files.writeString(csv, exported.replace("carol,CAROL,carol@acme.de,true,inbound,,0.5", "carol,CAROL,carol@acme.de,true,inbound;partner,,0.8"));
    RecalibrateCommandTest.Output dryRun = run("reps", "import", csv.toString(), "--dry-run");
    assertThat(dryRun.out()).contains("carol: changed pools; weight 0.50 -> 0.80 (admin)")
        .contains("dry run: 3 rows valid, 1 rep record(s) and 1 weight(s) would change; nothing published");
    assertThat(weights(3)).hasSize(3);

    RecalibrateCommandTest.Output imported = run("reps", "import", csv.toString(), "--version", "ops-edit-1");

    assertThat(imported.exit()).as(imported.err()).isZero();
    List<ConsumerRecord<String, byte[]>> weightRecords = KAFKA.readAll(Topics.REP_WEIGHTS.name(), new StringDeserializer(),
        new ByteArrayDeserializer(), 4, Duration.ofSeconds(30));
    assertThat(weightRecords).hasSize(4); // only carol's weight changed
    RepWeight admin = decodeWeight(weightRecords.get(3));
    assertThat(admin.getRepId()).isEqualTo("carol");
    assertThat(admin.getModel()).isEqualTo("admin");
    assertThat(admin.getVersion()).isEqualTo("ops-edit-1");
    assertThat(admin.getWeight()).isEqualTo(0.8);
    assertThat(admin.getInputs()).containsEntry("previousWeight", 0.5);
    List<ConsumerRecord<String, byte[]>> repRecords = KAFKA.readAll(Topics.REPS.name(), new StringDeserializer(),
        new ByteArrayDeserializer(), 4, Duration.ofSeconds(30));
    assertThat(repRecords).hasSize(4); // only carol's record changed
    Rep carol = Topics.REPS.valueSerde().deserializer().deserialize("t", repRecords.get(3).value());
    assertThat(carol.getPools()).containsExactly("inbound", "partner");
  }

  private static Map<String, RepWeight> weights(int expected) {
    Map<String, RepWeight> out = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : KAFKA.readAll(Topics.REP_WEIGHTS.name(), new StringDeserializer(),
        new ByteArrayDeserializer(), expected, Duration.ofSeconds(30))) {
      out.put(r.key(), decodeWeight(r));
    }
    return out;
  }

  private static RepWeight decodeWeight(ConsumerRecord<String, byte[]> record) {
    return Topics.REP_WEIGHTS.valueSerde().deserializer().deserialize("t", record.value());
  }

  private static RecalibrateCommandTest.Output run(String... args) {
    String[] withBroker = new String[args.length + 2];
    System.arraycopy(args, 0, withBroker, 0, args.length);
    withBroker[args.length] = "--bootstrap-servers";
    withBroker[args.length + 1] = KAFKA.bootstrapServers();
    return RecalibrateCommandTest.run(withBroker);
  }

  private static LeadAssignment assignment(String lead, String rep, Instant at) {
    return LeadAssignment.newBuilder().setAssignmentId("a-" + lead).setLeadId(lead).setRepId(rep).setPoolId("inbound")
        .setStage(LeadStage.MQL).setMethod(AssignmentMethod.WEIGHTED).setPriority(Priority.NORMAL).setDecision(RoutingDecision.newBuilder().setRuleMatched("test").setPoolId("inbound").build())
        .setEventTime(at).setAssignedAt(at).build();
  }

  private static LeadOutcome outcome(String lead, OutcomeType type, Instant at) {
    return LeadOutcome.newBuilder().setOutcomeId("o-" + lead + "-" + type).setLeadId(lead).setType(type)
        .setOccurredAt(at).build();
  }
}
