package io.leadflow.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.routing.rules.Eligibility.Skip;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EligibilityTest {

  /** Friday 2026-11-27 10:00 in Berlin (CET, UTC+1): inside MON-FRI 08:00-18:00. */
  private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
  private static final EligibilitySettings SEED = EligibilitySettings.defaults();

  /** A rep who passes every check at NOW; each test breaks one thing. */
  private static final class Rep {
    String repId = "rep-1";
    boolean active = true;
    boolean available = true;
    List<Absence> absences = new ArrayList<>();
    String timeZone = "Europe/Berlin";
    WorkingHours workingHours = WorkingHours.parse("MON-FRI 08:00-18:00");
    Instant lastLoginAt = NOW.minus(Duration.ofHours(1));
    long activeLeads = 10;
    Integer maxActiveLeads = null;
    long assignedToday = 0;
    Integer maxLeadsPerDay = null;
    long assignedThisWeek = 0;
    Integer maxLeadsPerWeek = null;

    RepAvailability build() {
      return new RepAvailability(repId, active, available, absences, timeZone, workingHours, lastLoginAt, activeLeads,
          maxActiveLeads, assignedToday, maxLeadsPerDay, assignedThisWeek, maxLeadsPerWeek);
    }

    Optional<Skip> check(Instant at) {
      return Eligibility.check(build(), at, SEED);
    }

    Optional<Skip> check() {
      return check(NOW);
    }

    Rep absent(AbsenceKind kind, String from, String until) {
      absences.add(new Absence(Instant.parse(from), Instant.parse(until), kind));
      return this;
    }
  }

  private static Optional<SkipReason> reason(Optional<Skip> skip) {
    return skip.map(Skip::reason);
  }

  @Test
  void aRepWhoPassesEveryCheckIsEligible() {
    assertThat(new Rep().check()).isEmpty();
  }

  @Test
  void anInactiveRepHasLeftTheCompany() {
    Rep rep = new Rep();
    rep.active = false;

    Skip skip = rep.check().orElseThrow();
    assertThat(skip.reason()).isEqualTo(SkipReason.INACTIVE);
    assertThat(skip.reason().label()).isEqualTo("left the company");
    assertThat(skip.reason().code()).isEqualTo("inactive");
  }

  @Test
  void theManualSwitchMarksARepAway() {
    Rep rep = new Rep();
    rep.available = false;

    assertThat(reason(rep.check())).contains(SkipReason.UNAVAILABLE);
  }

  @Test
  void vacationCoversFromInclusiveToUntilExclusive() {
    Rep rep = new Rep().absent(AbsenceKind.VACATION, "2026-11-27T09:00:00Z", "2026-12-04T00:00:00Z");

    assertThat(rep.check(Instant.parse("2026-11-27T08:59:59.999Z"))).as("just before from").isEmpty();
    Skip skip = rep.check(Instant.parse("2026-11-27T09:00:00Z")).orElseThrow();
    assertThat(skip.reason()).as("at from").isEqualTo(SkipReason.VACATION);
    assertThat(skip.detail()).isEqualTo("vacation until 2026-12-04T00:00:00Z");
    assertThat(reason(rep.check(Instant.parse("2026-12-03T23:59:59.999Z")))).as("just before until")
        .contains(SkipReason.VACATION);
    // Back at 00:00 UTC on Friday 2026-12-04, which is 01:00 in Berlin: take working hours and login out of the way.
    rep.workingHours = null;
    rep.lastLoginAt = null;
    assertThat(rep.check(Instant.parse("2026-12-04T00:00:00Z"))).as("at until").isEmpty();
  }

  @Test
  void anAllDayMeetingIsAnAbsenceOfKindMeeting() {
    Rep rep = new Rep().absent(AbsenceKind.MEETING, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z");

    Skip skip = rep.check().orElseThrow();
    assertThat(skip.reason()).isEqualTo(SkipReason.MEETING);
    assertThat(skip.detail()).isEqualTo("all-day meeting until 2026-11-28T00:00:00Z");
    assertThat(rep.check(Instant.parse("2026-11-26T16:59:59Z"))).as("the afternoon before").isEmpty();
  }

  @Test
  void otherAbsencesSkipToo() {
    Rep rep = new Rep().absent(AbsenceKind.OTHER, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z");

    Skip skip = rep.check().orElseThrow();
    assertThat(skip.reason()).isEqualTo(SkipReason.ABSENT_OTHER);
    assertThat(skip.detail()).isEqualTo("absent until 2026-11-28T00:00:00Z");
  }

  @Test
  void anAbsenceThatDoesNotCoverTheInstantIsIgnored() {
    Rep rep = new Rep()
        .absent(AbsenceKind.VACATION, "2026-11-01T00:00:00Z", "2026-11-27T09:00:00Z")
        .absent(AbsenceKind.MEETING, "2026-11-27T09:00:00.001Z", "2026-11-28T00:00:00Z");

    assertThat(rep.check()).isEmpty();
  }

  @Test
  void whenSeveralAbsencesCoverTheInstantVacationBeatsMeetingBeatsOther() {
    Rep all = new Rep()
        .absent(AbsenceKind.OTHER, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")
        .absent(AbsenceKind.MEETING, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")
        .absent(AbsenceKind.VACATION, "2026-11-20T00:00:00Z", "2026-12-04T00:00:00Z");
    assertThat(reason(all.check())).contains(SkipReason.VACATION);

    Rep meetingAndOther = new Rep()
        .absent(AbsenceKind.OTHER, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")
        .absent(AbsenceKind.MEETING, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z");
    assertThat(reason(meetingAndOther.check())).contains(SkipReason.MEETING);
  }

  @Test
  void overlappingVacationsReportTheLatestEnd() {
    Rep rep = new Rep()
        .absent(AbsenceKind.VACATION, "2026-11-20T00:00:00Z", "2026-11-30T00:00:00Z")
        .absent(AbsenceKind.VACATION, "2026-11-25T00:00:00Z", "2026-12-04T00:00:00Z");

    assertThat(rep.check().orElseThrow().detail()).isEqualTo("vacation until 2026-12-04T00:00:00Z");
  }

  @Test
  void loginExactlyTheTimeoutAgoPassesOneMillisecondMoreIsSkipped() {
    Rep rep = new Rep();
    rep.lastLoginAt = NOW.minus(Duration.ofHours(24));
    assertThat(rep.check()).as("exactly 24h").isEmpty();

    rep.lastLoginAt = NOW.minus(Duration.ofHours(24)).minusMillis(1);
    Skip skip = rep.check().orElseThrow();
    assertThat(skip.reason()).isEqualTo(SkipReason.NOT_LOGGED_IN);
    assertThat(skip.detail()).isEqualTo("last login 2026-11-26T08:59:59.999Z, over 24h ago");
  }

  @Test
  void anUnknownLastLoginNeverSkips() {
    Rep rep = new Rep();
    rep.lastLoginAt = null;

    assertThat(rep.check()).isEmpty();
  }

  @Test
  void aNullOrZeroLoginTimeoutTurnsTheLoginCheckOff() {
    RepAvailability rep = new Rep().build();
    RepAvailability stale = new RepAvailability(rep.repId(), true, true, List.of(), rep.timeZone(),
        rep.workingHours(), NOW.minus(Duration.ofDays(30)), 0, null, 0, null, 0, null);

    assertThat(Eligibility.check(stale, NOW, SEED)).isPresent();
    assertThat(Eligibility.check(stale, NOW, new EligibilitySettings(null, 50, true))).isEmpty();
    assertThat(Eligibility.check(stale, NOW, new EligibilitySettings(Duration.ZERO, 50, true))).isEmpty();
  }

  @Test
  void aShorterLoginTimeoutIsHonouredAndNamedInTheDetail() {
    Rep rep = new Rep();
    rep.lastLoginAt = NOW.minus(Duration.ofMinutes(91));
    EligibilitySettings ninetyMinutes = new EligibilitySettings(Duration.ofMinutes(90), 50, true);

    Skip skip = Eligibility.check(rep.build(), NOW, ninetyMinutes).orElseThrow();
    assertThat(skip.detail()).endsWith("over 1h30m ago");
  }

  @Test
  void outsideWorkingHoursInTheRepsZone() {
    Rep rep = new Rep();
    // Friday 2026-11-27 17:00Z is 18:00 in Berlin: closed, though still inside 08-18 in UTC.
    Instant sixPmBerlin = Instant.parse("2026-11-27T17:00:00Z");

    Skip skip = rep.check(sixPmBerlin).orElseThrow();
    assertThat(skip.reason()).isEqualTo(SkipReason.OUTSIDE_WORKING_HOURS);
    assertThat(skip.detail()).isEqualTo("outside MON-FRI 08:00-18:00 Europe/Berlin");
    assertThat(rep.check(sixPmBerlin.minusSeconds(60))).as("17:59 Berlin").isEmpty();
  }

  @Test
  void workingHoursCanBeIgnoredBySettingAndMissingHoursMeanAlwaysOpen() {
    Rep rep = new Rep();
    Instant sundayNight = Instant.parse("2026-11-29T23:00:00Z");
    rep.lastLoginAt = sundayNight;

    assertThat(reason(rep.check(sundayNight))).contains(SkipReason.OUTSIDE_WORKING_HOURS);
    assertThat(Eligibility.check(rep.build(), sundayNight, new EligibilitySettings(Duration.ofHours(24), 50, false)))
        .isEmpty();
    rep.workingHours = null;
    assertThat(rep.check(sundayNight)).isEmpty();
  }

  @Test
  void aRepWithoutZoneIsReadInUtc() {
    Rep rep = new Rep();
    rep.timeZone = null;
    Instant eightUtc = Instant.parse("2026-11-27T08:00:00Z");

    assertThat(rep.check(eightUtc)).isEmpty();
    assertThat(rep.check(eightUtc.minusMillis(1)).orElseThrow().detail()).isEqualTo("outside MON-FRI 08:00-18:00 Z");
  }

  @Test
  void anUnknownZoneIsRejectedWhenTheRepIsBuilt() {
    Rep rep = new Rep();
    rep.timeZone = "Europe/Atlantis";

    assertThatThrownBy(rep::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rep-1").hasMessageContaining("Europe/Atlantis");
  }

  @Test
  void theSeedSkipsAboveFiftyActiveLeadsSoFiftyStillTakesOne() {
    Rep rep = new Rep();
    rep.activeLeads = 50;
    assertThat(rep.check()).as("50 is not over the threshold").isEmpty();

    rep.activeLeads = 51;
    Skip skip = rep.check().orElseThrow();
    assertThat(skip.reason()).isEqualTo(SkipReason.ACTIVE_LEAD_CAP);
    assertThat(skip.detail()).isEqualTo("51 active leads, cap 50");

    rep.activeLeads = 52;
    assertThat(rep.check().orElseThrow().detail()).isEqualTo("52 active leads, cap 50");
  }

  @Test
  void aRepsOwnActiveCapOverridesTheDefaultWithTheSameMeaning() {
    Rep rep = new Rep();
    rep.maxActiveLeads = 10;
    rep.activeLeads = 10;
    assertThat(rep.check()).isEmpty();

    rep.activeLeads = 11;
    assertThat(rep.check().orElseThrow().detail()).isEqualTo("11 active leads, cap 10");

    rep.maxActiveLeads = 80;
    rep.activeLeads = 60;
    assertThat(rep.check()).as("above the default but within the rep's own cap").isEmpty();
  }

  @Test
  void theDefaultActiveCapComesFromTheSettings() {
    Rep rep = new Rep();
    rep.activeLeads = 21;

    assertThat(Eligibility.check(rep.build(), NOW, new EligibilitySettings(Duration.ofHours(24), 20, true)))
        .map(Skip::detail).contains("21 active leads, cap 20");
  }

  @Test
  void theDailyCapIsAQuotaReachedAtTheMaximum() {
    Rep rep = new Rep();
    rep.maxLeadsPerDay = 5;
    rep.assignedToday = 4;
    assertThat(rep.check()).isEmpty();

    rep.assignedToday = 5;
    Skip skip = rep.check().orElseThrow();
    assertThat(skip.reason()).isEqualTo(SkipReason.DAILY_CAP);
    assertThat(skip.detail()).isEqualTo("5 assigned today, cap 5");

    rep.maxLeadsPerDay = null;
    rep.assignedToday = 1_000;
    assertThat(rep.check()).as("no daily cap").isEmpty();
  }

  @Test
  void theWeeklyCapIsAQuotaReachedAtTheMaximum() {
    Rep rep = new Rep();
    rep.maxLeadsPerWeek = 20;
    rep.assignedThisWeek = 19;
    assertThat(rep.check()).isEmpty();

    rep.assignedThisWeek = 20;
    Skip skip = rep.check().orElseThrow();
    assertThat(skip.reason()).isEqualTo(SkipReason.WEEKLY_CAP);
    assertThat(skip.detail()).isEqualTo("20 assigned this week, cap 20");

    rep.maxLeadsPerWeek = null;
    rep.assignedThisWeek = 1_000;
    assertThat(rep.check()).as("no weekly cap").isEmpty();
  }

  @Test
  void theFirstFailingCheckInTheDocumentedOrderIsReported() {
    // Fail everything, then fix one check at a time; the reported reason must walk down the documented order.
    Rep rep = new Rep();
    rep.active = false;
    rep.available = false;
    rep.absent(AbsenceKind.OTHER, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")
        .absent(AbsenceKind.MEETING, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")
        .absent(AbsenceKind.VACATION, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z");
    rep.lastLoginAt = NOW.minus(Duration.ofDays(3));
    rep.workingHours = WorkingHours.parse("SAT 10:00-14:00");
    rep.activeLeads = 99;
    rep.maxLeadsPerDay = 1;
    rep.assignedToday = 1;
    rep.maxLeadsPerWeek = 1;
    rep.assignedThisWeek = 1;

    List<SkipReason> reported = new ArrayList<>();
    List<Runnable> fixes = List.of(
        () -> rep.active = true,
        () -> rep.available = true,
        () -> rep.absences.removeIf(absence -> absence.kind() == AbsenceKind.VACATION),
        () -> rep.absences.removeIf(absence -> absence.kind() == AbsenceKind.MEETING),
        () -> rep.absences.clear(),
        () -> rep.lastLoginAt = NOW,
        () -> rep.workingHours = null,
        () -> rep.activeLeads = 0,
        () -> rep.assignedToday = 0,
        () -> rep.assignedThisWeek = 0);
    for (Runnable fix : fixes) {
      reported.add(rep.check().orElseThrow().reason());
      fix.run();
    }

    assertThat(reported).containsExactly(SkipReason.INACTIVE, SkipReason.UNAVAILABLE, SkipReason.VACATION,
        SkipReason.MEETING, SkipReason.ABSENT_OTHER, SkipReason.NOT_LOGGED_IN, SkipReason.OUTSIDE_WORKING_HOURS,
        SkipReason.ACTIVE_LEAD_CAP, SkipReason.DAILY_CAP, SkipReason.WEEKLY_CAP);
    assertThat(rep.check()).isEmpty();
    assertThat(reported).as("SkipReason is declared in check order").isSorted();
  }

  @Test
  void isAbsentIsTrueForAwayReasonsAndFalseForCapsAndForLeavers() {
    Rep eligible = new Rep();
    assertThat(Eligibility.isAbsent(eligible.build(), NOW)).isFalse();

    Rep away = new Rep();
    away.available = false;
    assertThat(Eligibility.isAbsent(away.build(), NOW)).isTrue();

    Rep onVacation = new Rep().absent(AbsenceKind.VACATION, "2026-11-20T00:00:00Z", "2026-12-04T00:00:00Z");
    assertThat(Eligibility.isAbsent(onVacation.build(), NOW)).isTrue();

    Rep inMeeting = new Rep().absent(AbsenceKind.MEETING, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z");
    assertThat(Eligibility.isAbsent(inMeeting.build(), NOW)).isTrue();

    Rep otherAbsence = new Rep().absent(AbsenceKind.OTHER, "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z");
    assertThat(Eligibility.isAbsent(otherAbsence.build(), NOW)).isTrue();

    Rep notLoggedIn = new Rep();
    notLoggedIn.lastLoginAt = NOW.minus(Duration.ofDays(2));
    assertThat(Eligibility.isAbsent(notLoggedIn.build(), NOW)).isTrue();

    Rep afterHours = new Rep();
    assertThat(Eligibility.isAbsent(afterHours.build(), Instant.parse("2026-11-27T20:00:00Z"))).isTrue();

    Rep full = new Rep();
    full.activeLeads = 51;
    assertThat(Eligibility.isAbsent(full.build(), NOW)).isFalse();

    Rep dailyCapped = new Rep();
    dailyCapped.maxLeadsPerDay = 3;
    dailyCapped.assignedToday = 3;
    assertThat(Eligibility.isAbsent(dailyCapped.build(), NOW)).isFalse();

    Rep weeklyCapped = new Rep();
    weeklyCapped.maxLeadsPerWeek = 3;
    weeklyCapped.assignedThisWeek = 3;
    assertThat(Eligibility.isAbsent(weeklyCapped.build(), NOW)).isFalse();

    Rep leaver = new Rep();
    leaver.active = false;
    assertThat(Eligibility.isAbsent(leaver.build(), NOW)).isFalse();

    Rep awayAndCapped = new Rep().absent(AbsenceKind.VACATION, "2026-11-20T00:00:00Z", "2026-12-04T00:00:00Z");
    awayAndCapped.activeLeads = 99;
    assertThat(Eligibility.isAbsent(awayAndCapped.build(), NOW)).isTrue();
  }

  @Test
  void isAbsentUsesTheGivenSettings() {
    Rep afterHours = new Rep();
    Instant evening = Instant.parse("2026-11-27T20:00:00Z");
    EligibilitySettings ignoreHours = new EligibilitySettings(Duration.ofHours(24), 50, false);

    assertThat(Eligibility.isAbsent(afterHours.build(), evening, SEED)).isTrue();
    assertThat(Eligibility.isAbsent(afterHours.build(), evening, ignoreHours)).isFalse();
  }

  @Test
  void everyReasonHasADistinctStableCodeAndDescribesItsDetail() {
    assertThat(List.of(SkipReason.values())).extracting(SkipReason::code).doesNotHaveDuplicates()
        .allMatch(code -> code.matches("[a-z-]+"));
    assertThat(SkipReason.INACTIVE.describe("")).isEqualTo("left the company");
    assertThat(new Skip(SkipReason.ACTIVE_LEAD_CAP, "52 active leads, cap 50").describe())
        .isEqualTo("too many active leads: 52 active leads, cap 50");
  }

  @Test
  void seedDefaults() {
    assertThat(SEED.loginTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(SEED.defaultActiveLeadCap()).isEqualTo(50);
    assertThat(SEED.respectWorkingHours()).isTrue();
  }

  @Test
  void invalidInputsAreRejected() {
    assertThatThrownBy(() -> new EligibilitySettings(Duration.ofHours(-1), 50, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loginTimeout");
    assertThatThrownBy(() -> new EligibilitySettings(Duration.ofHours(24), -1, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultActiveLeadCap");
    assertThatThrownBy(() -> new Absence(NOW, NOW.minusSeconds(1), AbsenceKind.VACATION))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before its start");
  }
}
