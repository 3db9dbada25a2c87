package io.leadflow.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.AbsenceKind;
import io.leadflow.avro.Rep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepsFileTest {

  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("reps.yaml"), yaml);
  }

  @Test
  void theExampleTeamLoads() {
    List<Rep> reps = RepsFile.read(Path.of("../examples/reps.yaml"));
    assertThat(reps).extracting(Rep::getRepId).contains("rep-anna", "rep-max");
  }

  @Test
  void readsAvailabilityFields() throws IOException {
    Rep rep = RepsFile.read(file("""
        reps:
          - repId: rep-a
            name: A
            workingHours: MON-FRI 08:00-18:00
            timeZone: Europe/Berlin
            lastLoginAt: 2026-11-27T08:00:00Z
            maxLeadsPerDay: 10
            maxLeadsPerWeek: 40
            absences:
              - {from: 2026-12-21T00:00:00Z, until: 2027-01-04T00:00:00Z, kind: VACATION}
        """)).get(0);

    assertThat(rep.getAbsences()).singleElement().satisfies(a -> {
      assertThat(a.getKind()).isEqualTo(AbsenceKind.VACATION);
      assertThat(a.getUntil()).isEqualTo(Instant.parse("2027-01-04T00:00:00Z"));
    });
    assertThat(rep.getLastLoginAt()).isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
    assertThat(rep.getMaxLeadsPerDay()).isEqualTo(10);
    assertThat(rep.getMaxLeadsPerWeek()).isEqualTo(40);
  }

  @Test
  void badWorkingHoursNameTheRepAndField() throws IOException {
    Path reps = file("reps:\n  - {repId: rep-a, name: A, workingHours: 'MON-FRI 18:00-08:00'}\n");
    assertThatThrownBy(() -> RepsFile.read(reps)).hasMessageContaining(reps.toString())
        .hasMessageContaining("rep-a").hasMessageContaining("'workingHours'");
  }

  @Test
  void anAbsenceThatEndsBeforeItStartsIsRejected() throws IOException {
    Path reps = file("reps:\n  - repId: rep-a\n    name: A\n    absences: [{from: 2026-12-21T00:00:00Z, until: 2026-12-20T00:00:00Z}]\n");
    assertThatThrownBy(() -> RepsFile.read(reps)).hasMessageContaining("'absences'");
  }

  @Test
  void aConversionRateOutsideZeroToOneIsRejected() throws IOException {
    Path reps = file("reps:\n  - {repId: rep-a, name: A, conversionRate: 40}\n");
    assertThatThrownBy(() -> RepsFile.read(reps)).hasMessageContaining("'conversionRate'");
  }
}
