package io.leadflow.ops.recalibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import io.leadflow.ops.recalibrate.RecalibrationOptions.Probation;
import io.leadflow.routing.rules.WeightModel;
import io.leadflow.routing.rules.WeightSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Seed 000 "Dynamische Gewichtsanpassung" with its own figures, and each guardrail and trigger. */
class RecalibrationTest {

  private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
  private static final Offset<Double> EXACT = within(1e-9);
  private static final RecalibrationOptions NO_LIMIT = RecalibrationOptions.defaults().withMaxChange(MaxChange.NONE);

  // ---- the seed's formula

  @Test
  void normalizedGivesTheSeedsFigures40Against25Is1Point6And10Is0Point4() {
    var result = run(team("a", "b", "c"), Map.of(), perf("a", 100, 40, "b", 100, 25, "c", 100, 10),
        NO_LIMIT.withModel(WeightModel.NORMALIZED));

    assertThat(result.teamAverageRate()).isCloseTo(0.25, EXACT);
    assertNew(result, 1.6, 1.0, 0.4);
    assertThat(result.rows().get(0).explanation()).isEqualTo("normalized 0.40/0.25=1.60");
  }

  @Test
  void floorOfHalfLiftsThe10PercentRepTo0Point5() {
    var options = NO_LIMIT.withSettings(WeightSettings.defaults(WeightModel.NORMALIZED).withFloor(0.5));

    var result = run(team("a", "b", "c"), Map.of(), perf("a", 100, 40, "b", 100, 25, "c", 100, 10), options);

    assertNew(result, 1.6, 1.0, 0.5);
  }

  @Test
  void clampedKeepsWeightsWithin0Point5And2Point0() {
    // average (60 + 10 + 5 + 5) / 4 = 20 %: 3.0 → 2.0, 0.5, 0.25 → 0.5
    var result = run(team("a", "b", "c", "d"), Map.of(),
        perf("a", 100, 60, "b", 100, 10, "c", 100, 5, "d", 100, 5), NO_LIMIT);

    assertNew(result, 2.0, 0.5, 0.5, 0.5);
  }

  @Test
  void clampBoundsAreOptions() {
    var options = NO_LIMIT.withSettings(WeightSettings.defaults(WeightModel.CLAMPED).withClamp(0.8, 1.5));

    var result = run(team("a", "b", "c"), Map.of(), perf("a", 100, 40, "b", 100, 25, "c", 100, 10), options);

    assertNew(result, 1.5, 1.0, 0.8);
  }

  @Test
  void sqrtDampensTheRatio() {
    var result = run(team("a", "b"), Map.of(), perf("a", 100, 40, "b", 100, 10), NO_LIMIT.withModel(WeightModel.SQRT));

    assertNew(result, Math.sqrt(1.6), Math.sqrt(0.4));
  }

  // ---- guardrails

  @Test
  void belowTheMinimumSampleTheCurrentWeightIsKeptAndTheRateStaysOutOfTheAverage() {
    var previous = Map.of("c", weight("c", 1.3, 0.10));

    var result = run(team("a", "b", "c"), previous, perf("a", 100, 40, "b", 100, 10, "c", 99, 90),
        NO_LIMIT.withModel(WeightModel.NORMALIZED));

    assertThat(result.teamAverageRate()).isCloseTo(0.25, EXACT);
    RecalibrationRow c = result.rows().get(2);
    assertThat(c.newWeight()).isEqualTo(1.3);
    assertThat(c.change()).isZero();
    assertThat(c.flags()).contains(RecalibrationFlag.BELOW_MIN_SAMPLE);
    assertThat(c.explanation()).isEqualTo("below min sample (99 < 100 leads): kept 1.30");
    assertNew(result, 1.6, 0.4, 1.3);
  }

  @Test
  void minimumSampleIsAnOption() {
    var result = run(team("a", "b"), Map.of(), perf("a", 50, 20, "b", 50, 5),
        NO_LIMIT.withModel(WeightModel.NORMALIZED).withMinSample(50));

    assertNew(result, 1.6, 0.4);
  }

  @Test
  void aRepOnProbationGetsTheStandardWeightAndNoMaxChange() {
    Rep fresh = rep("new", LocalDate.of(2026, 9, 1)); // 61 days before the window end
    var previous = Map.of("new", weight("new", 0.5, null));

    var result = run(List.of(rep("a", null), rep("b", null), fresh), previous,
        perf("a", 100, 40, "b", 100, 10, "new", 200, 100), RecalibrationOptions.defaults().withModel(WeightModel.NORMALIZED));

    RecalibrationRow row = result.rows().get(2);
    assertThat(row.flags()).containsExactly(RecalibrationFlag.PROBATION);
    assertThat(row.newWeight()).isEqualTo(1.0);
    assertThat(row.explanation()).startsWith("probation (day 62 of 90)");
    assertThat(result.teamAverageRate()).isCloseTo(0.25, EXACT); // the new rep's 50 % is not in the average
  }

  @Test
  void probationCanKeepTheCurrentWeightInstead() {
    Rep fresh = rep("new", LocalDate.of(2026, 9, 1));
    var result = run(List.of(fresh), Map.of("new", weight("new", 0.7, null)), perf("new", 200, 100),
        NO_LIMIT.withProbation(Probation.KEEP));

    assertThat(result.rows().get(0).newWeight()).isEqualTo(0.7);
    assertThat(result.rows().get(0).has(RecalibrationFlag.PROBATION)).isTrue();
  }

  @Test
  void probationEndsAfter90Days() {
    Rep veteran = rep("old", LocalDate.of(2026, 8, 3)); // exactly 90 days before 2026-11-01
    var result = run(List.of(rep("a", null), veteran), Map.of(), perf("a", 100, 40, "old", 100, 10),
        NO_LIMIT.withModel(WeightModel.NORMALIZED));

    assertThat(result.rows().get(1).flags()).doesNotContain(RecalibrationFlag.PROBATION);
    assertNew(result, 1.6, 0.4);
  }

  @Test
  void maxChangeCapsTheMovePerCycle() {
    var previous = Map.of("a", weight("a", 1.0, 0.4), "b", weight("b", 1.0, 0.1));

    var result = run(team("a", "b"), previous, perf("a", 100, 40, "b", 100, 10),
        RecalibrationOptions.defaults().withModel(WeightModel.NORMALIZED).withMaxChange(MaxChange.absolute(0.3)));

    assertNew(result, 1.3, 0.7);
    RecalibrationRow a = result.rows().get(0);
    assertThat(a.targetWeight()).isCloseTo(1.6, EXACT);
    assertThat(a.change()).isCloseTo(0.3, EXACT);
    assertThat(a.flags()).containsExactly(RecalibrationFlag.MAX_CHANGE_CAPPED);
    assertThat(a.explanation()).endsWith("; max change 0.3 from 1.00: 1.30");
  }

  @Test
  void maxChangeCanBeAShareOfTheCurrentWeight() {
    var previous = Map.of("a", weight("a", 2.0, 0.4), "b", weight("b", 0.5, 0.1));

    var result = run(team("a", "b"), previous, perf("a", 100, 10, "b", 100, 40),
        RecalibrationOptions.defaults().withModel(WeightModel.NORMALIZED).withMaxChange(MaxChange.parse("10%")));

    assertNew(result, 1.8, 0.55);
  }

  @Test
  void aMoveWithinTheLimitIsNotFlagged() {
    var previous = Map.of("a", weight("a", 1.5, 0.4), "b", weight("b", 0.5, 0.1));

    var result = run(team("a", "b"), previous, perf("a", 100, 40, "b", 100, 10),
        RecalibrationOptions.defaults().withModel(WeightModel.NORMALIZED));

    assertNew(result, 1.6, 0.4);
    assertThat(result.rows()).allSatisfy(r -> assertThat(r.flags()).isEmpty());
    assertThat(result.triggered()).isFalse();
  }

  @Test
  void maxChangeParsesItsForms() {
    assertThat(MaxChange.parse("0.3")).isEqualTo(MaxChange.absolute(0.3));
    assertThat(MaxChange.parse(" 30% ")).isEqualTo(new MaxChange(0.3, true));
    assertThat(MaxChange.parse("none")).isEqualTo(MaxChange.NONE);
    assertThat(MaxChange.parse("none").apply(1.0, 5.0)).isEqualTo(5.0);
    assertThatThrownBy(() -> MaxChange.parse("lots")).hasMessageContaining("0.3, a share like 30% or none");
    assertThatThrownBy(() -> MaxChange.parse("0")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNonPerformanceModelIsRejected() {
    assertThatThrownBy(() -> RecalibrationOptions.defaults().withModel(WeightModel.TIER))
        .hasMessageContaining("needs a performance model");
  }

  // ---- triggers

  @Test
  void aRateMovingMoreThan20PercentIsATrigger() {
    var previous = Map.of("a", weight("a", 1.0, 0.30), "b", weight("b", 1.0, 0.10), "c", weight("c", 1.0, 0.20));

    // a: 0.30 → 0.37 (+23 %), b: 0.10 → 0.12 (exactly +20 %, not more), c: 0.20 → 0.15 (−25 %)
    var result = run(team("a", "b", "c"), previous, perf("a", 100, 37, "b", 100, 12, "c", 100, 15), NO_LIMIT);

    assertThat(result.rateMoved()).containsExactly("a", "c");
    assertThat(result.rows().get(0).rateMove()).isCloseTo(0.07 / 0.30, within(1e-9));
    assertThat(result.rows().get(0).ratePrevious()).isEqualTo(0.30);
    assertThat(result.triggered()).isTrue();
  }

  @Test
  void theRateTriggerIsAnOption() {
    var previous = Map.of("a", weight("a", 1.0, 0.30));

    var result = run(team("a"), previous, perf("a", 100, 33), NO_LIMIT.withRateTrigger(0.05));

    assertThat(result.rateMoved()).containsExactly("a");
  }

  @Test
  void teamChangesAreTriggers() {
    var previous = Map.of("a", weight("a", 1.0, 0.25), "gone", weight("gone", 1.2, 0.3));
    Rep inactive = Rep.newBuilder().setRepId("left").setName("left").setActive(false).build();
    var withLeft = new java.util.ArrayList<>(team("a", "joined"));
    withLeft.add(inactive);
    var previousWithLeft = new HashMap<>(previous);
    previousWithLeft.put("left", weight("left", 0.9, null));

    var result = run(withLeft, previousWithLeft, perf("a", 100, 25, "joined", 10, 1), NO_LIMIT);

    assertThat(result.added()).containsExactly("joined");
    assertThat(result.removedIds()).containsExactly("gone", "left");
    assertThat(result.removed().get(0).flags()).containsExactly(RecalibrationFlag.REMOVED_REP);
    assertThat(result.triggered()).isTrue();
  }

  @Test
  void theFirstCycleHasNoNewReps() {
    var result = run(team("a", "b"), Map.of(), perf("a", 100, 25, "b", 100, 25), NO_LIMIT);

    assertThat(result.added()).isEmpty();
    assertThat(result.triggered()).isFalse();
  }

  // ---- records for rep-weights

  @Test
  void repWeightsCarryTheInputsTheNextCycleCompares() {
    var previous = Map.of("a", weight("a", 1.1, 0.3), "b", weight("b", 0.9, 0.1));
    var result = run(team("a", "b"), previous, perf("a", 100, 40, "b", 100, 10), NO_LIMIT);

    List<RepWeight> records = result.toRepWeights("2026-11", END);

    assertThat(records).hasSize(2);
    RepWeight a = records.get(0);
    assertThat(a.getRepId()).isEqualTo("a");
    assertThat(a.getModel()).isEqualTo("clamped");
    assertThat(a.getVersion()).isEqualTo("2026-11");
    assertThat(a.getWeight()).isCloseTo(1.6, EXACT);
    assertThat(a.getComputedAt()).isEqualTo(END);
    assertThat(a.getInputs()).containsEntry("rate", 0.4).containsEntry("leads", 100.0)
        .containsEntry("opportunities", 40.0).containsEntry("previousWeight", 1.1).containsEntry("windowDays", 90.0);
    assertThat(a.getInputs().get("teamAverageRate")).isCloseTo(0.25, EXACT);
  }

  // ---- helpers

  private static Recalibration.Result run(List<Rep> team, Map<String, RepWeight> previous,
      Map<String, RepPerformance> perf, RecalibrationOptions options) {
    return Recalibration.run(team, previous, perf, END, options);
  }

  private static void assertNew(Recalibration.Result result, double... expected) {
    double[] actual = result.rows().stream().mapToDouble(RecalibrationRow::newWeight).toArray();
    assertThat(actual).as(Arrays.toString(actual)).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("rep %d", i).isCloseTo(expected[i], within(1e-9));
    }
  }

  private static List<Rep> team(String... ids) {
    return Arrays.stream(ids).map(id -> rep(id, null)).toList();
  }

  private static Rep rep(String id, LocalDate startDate) {
    return Rep.newBuilder().setRepId(id).setName(id).setStartDate(startDate).build();
  }

  private static RepWeight weight(String id, double weight, Double rate) {
    Map<String, Double> inputs = new HashMap<>();
    if (rate != null) {
      inputs.put("rate", rate);
    }
    return RepWeight.newBuilder().setRepId(id).setWeight(weight).setModel("clamped").setVersion("prev")
        .setInputs(inputs).setComputedAt(END.minusSeconds(86_400 * 30)).build();
  }

  /** id, leads, opportunities, repeated. */
  private static Map<String, RepPerformance> perf(Object... triples) {
    Map<String, RepPerformance> out = new LinkedHashMap<>();
    for (int i = 0; i < triples.length; i += 3) {
      String id = (String) triples[i];
      out.put(id, new RepPerformance(id, (Integer) triples[i + 1], (Integer) triples[i + 2], 0, 0));
    }
    return out;
  }
}
