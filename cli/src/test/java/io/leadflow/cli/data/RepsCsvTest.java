package io.leadflow.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.Absence;
import io.leadflow.avro.AbsenceKind;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reps spreadsheet: export → (edit) → import, and every row's validation with file, line and field. */
class RepsCsvTest {

  private static final String HEADER = String.join(",", RepsCsv.COLUMNS);

  private static final Rep ALICE = Rep.newBuilder().setRepId("alice").setName("Alice, Senior").setEmail("alice@acme.de")
      .setPools(List.of("inbound", "enterprise")).setTier(1).setWeight(3.0).setConversionRate(0.4).setFte(1.0)
      .setMaxActiveLeads(50).setTimeZone("Europe/Berlin").setWorkingHours("MON-FRI 08:00-18:00")
      .setManagerRepId("mia").setBackupRepId("bob").setTerritories(List.of("DACH")).setStartDate(LocalDate.of(2024, 1, 2))
      .setAbsences(List.of(new Absence(Instant.parse("2026-12-24T00:00:00Z"), Instant.parse("2027-01-02T00:00:00Z"), AbsenceKind.VACATION)))
      .build();
  private static final Rep BOB = Rep.newBuilder().setRepId("bob").setName("Bob \"B\"").setActive(false).setAvailable(false)
      .setFte(0.5).build();

  @Test
  void exportWritesEveryColumnWithTheEffectiveWeight() {
    String csv = export(List.of(BOB, ALICE), Map.of("alice", weight("alice", 1.264911064)));

    assertThat(csv.lines().toList()).containsExactly(HEADER,
        "alice,\"Alice, Senior\",alice@acme.de,true,inbound;enterprise,1,1.2649,0.4,1.0,50,true,Europe/Berlin,"
            + "MON-FRI 08:00-18:00,mia,bob",
        "bob,\"Bob \"\"B\"\"\",,false,,,1,,0.5,,false,UTC,,,");
  }

  @Test
  void anUneditedExportImportsWithoutAnyChange(@TempDir Path dir) throws Exception {
    Map<String, RepWeight> weights = Map.of("alice", weight("alice", 1.264911064));
    Path file = dir.resolve("reps.csv");
    Files.writeString(file, export(List.of(ALICE, BOB), weights));

    List<RepsCsv.Change> changes = RepsCsv.plan(RepsCsv.read(file), byId(ALICE, BOB), weights);

    assertThat(changes).hasSize(2).allSatisfy(change -> {
      assertThat(change.repChanged()).as(change.repId() + " " + change.changedFields()).isFalse();
      assertThat(change.weightChanged()).as(change.repId()).isFalse();
    });
  }

  @Test
  void editedCellsChangeTheRepAndAnEditedWeightBecomesAnAdminWeight(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reps.csv");
    Files.writeString(file, export(List.of(ALICE, BOB), Map.of())
        .replace("inbound;enterprise,1,3,", "inbound,1,2.5,")
        .replace("\n", "\r\n")
        + "carol,Carol,carol@acme.de,true,inbound,2,0.8,,1,,true,UTC,,,\r\n");

    List<RepsCsv.Change> changes = RepsCsv.plan(RepsCsv.read(file), byId(ALICE, BOB), Map.of());

    RepsCsv.Change alice = changes.get(0);
    assertThat(alice.changedFields()).containsExactly("pools");
    assertThat(alice.after().getTerritories()).containsExactly("DACH"); // columns the CSV lacks are kept
    assertThat(alice.after().getAbsences()).isEqualTo(ALICE.getAbsences());
    assertThat(alice.after().getWeight()).isEqualTo(3.0); // the static weight stays; the admin weight overrides it
    assertThat(alice.weightChanged()).isTrue();
    RepWeight admin = RepsCsv.adminWeight(alice, "v7", Instant.EPOCH);
    assertThat(admin.getModel()).isEqualTo("admin");
    assertThat(admin.getWeight()).isEqualTo(2.5);
    assertThat(admin.getVersion()).isEqualTo("v7");
    assertThat(admin.getInputs()).containsEntry("previousWeight", 3.0);

    assertThat(changes.get(1).repChanged()).isFalse();
    RepsCsv.Change carol = changes.get(2);
    assertThat(carol.isNew()).isTrue();
    assertThat(carol.after().getWeight()).isEqualTo(0.8);
    assertThat(carol.after().getTier()).isEqualTo(2);
    assertThat(carol.weightChanged()).isTrue();
  }

  @Test
  void aWeightThatOnlyLostDigitsInTheSpreadsheetIsNoChange(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reps.csv");
    Files.writeString(file, HEADER + "\nalice,\"Alice, Senior\",alice@acme.de,true,inbound;enterprise,1,1.26491,0.4,1.0,50,"
        + "true,Europe/Berlin,MON-FRI 08:00-18:00,mia,bob\n");

    RepsCsv.Change change = RepsCsv.plan(RepsCsv.read(file), byId(ALICE), Map.of("alice", weight("alice", 1.264911064))).get(0);

    assertThat(change.weightChanged()).isFalse();
  }

  @Test
  void anEmptyWeightCellLeavesTheWeightAlone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reps.csv");
    Files.writeString(file, "repId,name,weight\nalice,\"Alice, Senior\",\n");

    RepsCsv.Change change = RepsCsv.plan(RepsCsv.read(file), byId(ALICE), Map.of()).get(0);

    assertThat(change.weightChanged()).isFalse();
  }

  @Test
  void everyBadRowIsReportedWithFileLineAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reps.csv");
    Files.writeString(file, HEADER + "\n"
        + "alice,Alice,alice@acme.de,true,inbound,1,1.5,0.4,1,50,true,UTC,,,\n"          // line 2 fine
        + ",NoId,,,,,,,,,,,,,\n"                                                         // 3 repId
        + "bob,Bob,not-an-email,,,,,,,,,,,,\n"                                           // 4 email
        + "carl,Carl,,maybe,,,,,,,,,,,\n"                                                // 5 active
        + "dora,Dora,,,,4,,,,,,,,,\n"                                                    // 6 tier
        + "emil,Emil,,,,,-1,,,,,,,,\n"                                                   // 7 weight
        + "fay,Fay,,,,,,1.5,,,,,,,\n"                                                    // 8 conversionRate
        + "gus,Gus,,,,,,,,many,,,,,\n"                                                   // 9 maxActiveLeads
        + "hal,Hal,,,,,,,,,,Mars/Olympus,,,\n"                                           // 10 timeZone
        + "ida,Ida,,,,,,,,,,,always,,\n"                                                 // 11 workingHours
        + "jo,Jo,,,,,,,,,,,,,\n");                                                       // 12 fine

    assertThatThrownBy(() -> RepsCsv.read(file))
        .isInstanceOf(DataFileException.class)
        .hasMessageStartingWith("9 bad row(s) in " + file + "; nothing was loaded")
        .hasMessageContaining(file + ":3: field 'repId' is required")
        .hasMessageContaining(file + ":4: field 'email': expected an e-mail address, got 'not-an-email'")
        .hasMessageContaining(file + ":5: field 'active': expected true or false, got 'maybe'")
        .hasMessageContaining(file + ":6: field 'tier': expected 1, 2 or 3, got '4'")
        .hasMessageContaining(file + ":7: field 'weight': expected a number of 0 or more, got '-1'")
        .hasMessageContaining(file + ":8: field 'conversionRate': expected a rate within 0..1, got '1.5'")
        .hasMessageContaining(file + ":9: field 'maxActiveLeads': expected a whole number of 0 or more, got 'many'")
        .hasMessageContaining(file + ":10: field 'timeZone': expected a time zone like Europe/Berlin, got 'Mars/Olympus'")
        .hasMessageContaining(file + ":11: field 'workingHours': ");
  }

  @Test
  void duplicateRepsAndSelfReferencesAreRowErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reps.csv");
    Files.writeString(file, "repId,name,managerRepId\nalice,Alice,\nbob,Bob,bob\nalice,Alice again,\n");

    assertThatThrownBy(() -> RepsCsv.read(file))
        .hasMessageContaining(file + ":3: field 'managerRepId': a rep cannot be their own manager or backup")
        .hasMessageContaining(file + ":4: field 'repId': alice appears again (first on line 2)");
  }

  @Test
  void anUnknownOrMissingColumnIsAHeaderError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reps.csv");
    Files.writeString(file, "repId,nmae,weight\nalice,Alice,1\n");

    assertThatThrownBy(() -> RepsCsv.read(file))
        .hasMessageContaining(file + ":1: header: unknown column(s) [nmae] missing column(s) [name]");
  }

  private static String export(List<Rep> reps, Map<String, RepWeight> weights) {
    StringWriter out = new StringWriter();
    RepsCsv.write(out, reps, weights);
    return out.toString();
  }

  private static Map<String, Rep> byId(Rep... reps) {
    return List.of(reps).stream().collect(Collectors.toMap(Rep::getRepId, Function.identity()));
  }

  private static RepWeight weight(String id, double weight) {
    return RepWeight.newBuilder().setRepId(id).setWeight(weight).setModel("clamped").setVersion("v1")
        .setComputedAt(Instant.EPOCH).build();
  }
}
