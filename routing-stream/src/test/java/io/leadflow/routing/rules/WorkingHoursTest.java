package io.leadflow.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkingHoursTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  private static final WorkingHours WEEKDAYS = WorkingHours.parse("MON-FRI 08:00-18:00");

  private static boolean openAt(WorkingHours hours, String utcInstant, ZoneId zone) {
    return hours.isOpen(Instant.parse(utcInstant), zone);
  }

  // Fri 2026-03-27 is still CET (UTC+1); Sun 2026-03-29 switches to CEST (UTC+2) at 02:00; Mon 2026-03-30 is CEST.
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "2026-03-27T06:59:00Z, false",  // Fri 07:59 CET
      "2026-03-27T07:00:00Z, true",   // Fri 08:00 CET
      "2026-03-27T16:59:00Z, true",   // Fri 17:59 CET
      "2026-03-27T17:00:00Z, false",  // Fri 18:00 CET, end exclusive
      "2026-03-30T05:59:00Z, false",  // Mon 07:59 CEST
      "2026-03-30T06:00:00Z, true",   // Mon 08:00 CEST: an hour earlier in UTC than on Friday
      "2026-03-30T15:59:00Z, true",   // Mon 17:59 CEST
      "2026-03-30T16:00:00Z, false",  // Mon 18:00 CEST
      "2026-03-30T16:30:00Z, false",  // Mon 18:30 CEST, though only 17:30 in CET: the zone is applied per instant
  })
  void weekdayHoursFollowBerlinWallClockAcrossTheSpringChange(String at, boolean open) {
    assertThat(openAt(WEEKDAYS, at, BERLIN)).isEqualTo(open);
  }

  // Fri 2026-10-23 is CEST (UTC+2); Sun 2026-10-25 falls back to CET (UTC+1) at 03:00; Mon 2026-10-26 is CET.
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "2026-10-23T05:59:00Z, false",  // Fri 07:59 CEST
      "2026-10-23T06:00:00Z, true",   // Fri 08:00 CEST
      "2026-10-23T15:59:00Z, true",   // Fri 17:59 CEST
      "2026-10-23T16:00:00Z, false",  // Fri 18:00 CEST
      "2026-10-26T06:59:00Z, false",  // Mon 07:59 CET
      "2026-10-26T07:00:00Z, true",   // Mon 08:00 CET
      "2026-10-26T16:59:00Z, true",   // Mon 17:59 CET
      "2026-10-26T17:00:00Z, false",  // Mon 18:00 CET
  })
  void weekdayHoursFollowBerlinWallClockAcrossTheAutumnChange(String at, boolean open) {
    assertThat(openAt(WEEKDAYS, at, BERLIN)).isEqualTo(open);
  }

  @Test
  void onTheChangeDaysThemselvesTheLocalHoursHold() {
    WorkingHours sundays = WorkingHours.parse("SUN 08:00-18:00");

    // 2026-03-29: CEST from 02:00, so 08:00 local is 06:00Z.
    assertThat(openAt(sundays, "2026-03-29T05:59:00Z", BERLIN)).isFalse();
    assertThat(openAt(sundays, "2026-03-29T06:00:00Z", BERLIN)).isTrue();
    assertThat(openAt(sundays, "2026-03-29T15:59:00Z", BERLIN)).isTrue();
    assertThat(openAt(sundays, "2026-03-29T16:00:00Z", BERLIN)).isFalse();
    // 2026-10-25: CET from 03:00, so 08:00 local is 07:00Z.
    assertThat(openAt(sundays, "2026-10-25T06:59:00Z", BERLIN)).isFalse();
    assertThat(openAt(sundays, "2026-10-25T07:00:00Z", BERLIN)).isTrue();
    assertThat(openAt(sundays, "2026-10-25T16:59:00Z", BERLIN)).isTrue();
    assertThat(openAt(sundays, "2026-10-25T17:00:00Z", BERLIN)).isFalse();
  }

  @Test
  void theRepeatedAutumnHourIsOpenBothTimes() {
    WorkingHours night = WorkingHours.parse("SUN 02:00-03:00");

    assertThat(openAt(night, "2026-10-25T00:30:00Z", BERLIN)).as("02:30 CEST").isTrue();
    assertThat(openAt(night, "2026-10-25T01:30:00Z", BERLIN)).as("02:30 CET").isTrue();
    assertThat(openAt(night, "2026-10-25T02:00:00Z", BERLIN)).as("03:00 CET").isFalse();
  }

  @Test
  void aLosAngelesRepIsJudgedInTheirOwnZoneNotInUtc() {
    // June: PDT, UTC-7.
    assertThat(openAt(WEEKDAYS, "2026-06-15T14:59:00Z", LOS_ANGELES)).as("Mon 07:59 PDT").isFalse();
    assertThat(openAt(WEEKDAYS, "2026-06-15T15:00:00Z", LOS_ANGELES)).as("Mon 08:00 PDT").isTrue();
    assertThat(openAt(WEEKDAYS, "2026-06-15T10:00:00Z", LOS_ANGELES))
        .as("10:00 UTC Monday is inside 08-18 UTC but 03:00 in LA").isFalse();
    assertThat(openAt(WEEKDAYS, "2026-06-16T00:30:00Z", LOS_ANGELES))
        .as("Tue 00:30 UTC is still Mon 17:30 in LA").isTrue();
    assertThat(openAt(WEEKDAYS, "2026-06-15T00:30:00Z", LOS_ANGELES))
        .as("Mon 00:30 UTC is still Sun 17:30 in LA").isFalse();
    assertThat(openAt(WEEKDAYS, "2026-06-20T00:59:00Z", LOS_ANGELES)).as("Sat UTC, Fri 17:59 PDT").isTrue();
    assertThat(openAt(WEEKDAYS, "2026-06-20T01:00:00Z", LOS_ANGELES)).as("Sat UTC, Fri 18:00 PDT").isFalse();
  }

  @Test
  void severalBlocksWithDifferentDaysAndHours() {
    WorkingHours hours = WorkingHours.parse("MON-THU 08:00-17:00, FRI 08:00-14:00");

    assertThat(openAt(hours, "2026-06-18T16:59:00Z", ZoneOffset.UTC)).as("Thu 16:59").isTrue();
    assertThat(openAt(hours, "2026-06-18T17:00:00Z", ZoneOffset.UTC)).as("Thu 17:00").isFalse();
    assertThat(openAt(hours, "2026-06-19T13:59:00Z", ZoneOffset.UTC)).as("Fri 13:59").isTrue();
    assertThat(openAt(hours, "2026-06-19T14:00:00Z", ZoneOffset.UTC)).as("Fri 14:00").isFalse();
    assertThat(openAt(hours, "2026-06-20T10:00:00Z", ZoneOffset.UTC)).as("Sat").isFalse();
    assertThat(hours).hasToString("MON-THU 08:00-17:00, FRI 08:00-14:00");
  }

  @Test
  void aSingleDayBlockCoversOnlyThatDay() {
    WorkingHours saturday = WorkingHours.parse("SAT 10:00-14:00");

    assertThat(openAt(saturday, "2026-06-20T10:00:00Z", ZoneOffset.UTC)).isTrue();
    assertThat(openAt(saturday, "2026-06-20T09:59:59.999Z", ZoneOffset.UTC)).isFalse();
    assertThat(openAt(saturday, "2026-06-20T13:59:59.999Z", ZoneOffset.UTC)).isTrue();
    assertThat(openAt(saturday, "2026-06-19T10:00:00Z", ZoneOffset.UTC)).as("Friday").isFalse();
    assertThat(openAt(saturday, "2026-06-21T10:00:00Z", ZoneOffset.UTC)).as("Sunday").isFalse();
  }

  @Test
  void endOfDayIsWrittenAs2400AndMidnightShiftsAreTwoBlocks() {
    WorkingHours night = WorkingHours.parse("MON 22:00-24:00, TUE 00:00-02:00");

    assertThat(openAt(night, "2026-06-15T23:59:59Z", ZoneOffset.UTC)).as("Mon 23:59:59").isTrue();
    assertThat(openAt(night, "2026-06-16T00:00:00Z", ZoneOffset.UTC)).as("Tue 00:00").isTrue();
    assertThat(openAt(night, "2026-06-16T02:00:00Z", ZoneOffset.UTC)).as("Tue 02:00").isFalse();
    assertThat(openAt(night, "2026-06-15T00:00:00Z", ZoneOffset.UTC)).as("Mon 00:00").isFalse();
  }

  @Test
  void daysAreCaseInsensitiveAndSpacingIsForgiving() {
    WorkingHours hours = WorkingHours.parse("  mon-fri   8:00-18:00 ,sat 10:00-14:00 ");

    assertThat(hours).hasToString("MON-FRI 08:00-18:00, SAT 10:00-14:00");
    assertThat(hours).isEqualTo(WorkingHours.parse("MON-FRI 08:00-18:00, SAT 10:00-14:00"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void noSpecMeansAlwaysOpen(String spec) {
    WorkingHours hours = WorkingHours.parse(spec);

    assertThat(hours.isAlwaysOpen()).isTrue();
    assertThat(openAt(hours, "2026-06-21T03:00:00Z", BERLIN)).isTrue();
  }

  @Test
  void aBlockCrossingMidnightIsRejected() {
    assertThatThrownBy(() -> WorkingHours.parse("MON-FRI 08:00-18:00, FRI 22:00-02:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FRI 22:00-02:00")
        .hasMessageContaining("crosses midnight");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "MON-FRI 08:00-18:00, XYZ 08:00-12:00 | unknown day 'XYZ'",
      "MON-FRU 08:00-18:00                  | unknown day 'FRU'",
      "MONDAY 08:00-18:00                   | unknown day 'MONDAY'",
      "FRI-MON 08:00-18:00                  | day range 'FRI-MON' runs backwards",
      "MON-TUE-WED 08:00-18:00              | bad day range 'MON-TUE-WED'",
      "MON-FRI 08:00-25:00                  | bad time '25:00'",
      "MON-FRI 08:60-18:00                  | bad time '08:60'",
      "MON-FRI 24:00-24:00                  | bad time '24:00'",
      "MON-FRI 0800-1800                    | bad time range '0800-1800'",
      "MON-FRI 08:00-08:00                  | time range '08:00-08:00' is empty",
      "MON-FRI                              | block 'MON-FRI': expected DAYS HH:MM-HH:MM",
      "MON-FRI 08:00 - 18:00                | block 'MON-FRI 08:00 - 18:00'",
      "\"MON-FRI 08:00-18:00,\"             | empty block",
  })
  void parseErrorsNameTheBadPart(String spec, String expectedMessagePart) {
    assertThatThrownBy(() -> WorkingHours.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expectedMessagePart);
  }
}
