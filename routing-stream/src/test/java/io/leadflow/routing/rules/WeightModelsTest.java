package io.leadflow.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The worked examples of seed 000 ("Gewichtete Lead-Verteilung"), with its own numbers. */
class WeightModelsTest {

  private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
  private static final Offset<Double> EXACT = within(1e-9);

  /** Seed "Beispiel für gewichtete Verteilung": Alice 40%, Bob 30%, Carlos 25%, Diana 20%, Eric 10%. */
  private static final List<RepFacts> FIVE_AES = List.of(
      performer("alice", 0.40), performer("bob", 0.30), performer("carlos", 0.25),
      performer("diana", 0.20), performer("eric", 0.10));

  // ---- normalized

  @Test
  void normalizedDividesByTeamAverageAsInTheFiveAeExample() {
    List<ComputedWeight> weights = compute(FIVE_AES, WeightModel.NORMALIZED);

    assertWeights(weights, 1.6, 1.2, 1.0, 0.8, 0.4);
    assertThat(weights.get(0).explanation()).isEqualTo("normalized 0.40/0.25=1.60");
  }

  @Test
  void floorOfHalfLiftsEricAndTheTotalIsFivePointOne() {
    List<ComputedWeight> weights = WeightModels.compute(FIVE_AES,
        WeightSettings.defaults(WeightModel.NORMALIZED).withFloor(0.5), TODAY);

    assertWeights(weights, 1.6, 1.2, 1.0, 0.8, 0.5);
    assertThat(weights.stream().mapToDouble(ComputedWeight::weight).sum()).isCloseTo(5.1, EXACT);
    assertThat(weights.get(4).explanation()).isEqualTo("normalized 0.10/0.25=0.40 -> floor 0.50");
    // Seed allocation of 200 leads: Alice (1.6/5.1) x 200 = 62.7.
    assertThat(weights.get(0).weight() / 5.1 * 200).isCloseTo(62.745, within(0.001));
  }

  @Test
  void normalizedSeedExampleTopMidBottom() {
    // Seed "Normalisierte Gewichtung": team average 25%: 40 -> 1.6, 25 -> 1.0, 10 -> 0.4.
    List<RepFacts> team = List.of(performer("top", 0.40), performer("mid", 0.25), performer("bottom", 0.10));

    assertWeights(compute(team, WeightModel.NORMALIZED), 1.6, 1.0, 0.4);
  }

  // ---- capped and clamped

  /** Average 20%: the top rep converts 3x the average, two reps sit below the clamp's 0.5. */
  private static final List<RepFacts> SPREAD_TEAM = List.of(
      performer("a", 0.60), performer("b", 0.15), performer("c", 0.15), performer("d", 0.05), performer("e", 0.05));

  @Test
  void cappedLimitsToTwiceAverageButHasNoLowerBound() {
    // Seed "Begrenzte Gewichte": MIN(rate / average, 2.0), nobody gets more than 2x average.
    List<ComputedWeight> weights = compute(SPREAD_TEAM, WeightModel.CAPPED);

    assertWeights(weights, 2.0, 0.75, 0.75, 0.25, 0.25);
    assertThat(weights.get(0).explanation()).isEqualTo("capped 0.60/0.20=3.00 -> max 2.00");
    assertWeights(compute(FIVE_AES, WeightModel.CAPPED), 1.6, 1.2, 1.0, 0.8, 0.4);
  }

  @Test
  void cappedHonoursAConfiguredCap() {
    assertWeights(WeightModels.compute(SPREAD_TEAM, WeightSettings.defaults(WeightModel.CAPPED).withCap(1.5), TODAY),
        1.5, 0.75, 0.75, 0.25, 0.25);
  }

  @Test
  void clampedKeepsWeightsBetweenHalfAndTwo() {
    // Seed "Begrenzte Skalierung": MIN(MAX(rate / average, 0.5), 2.0).
    List<ComputedWeight> weights = compute(SPREAD_TEAM, WeightModel.CLAMPED);

    assertWeights(weights, 2.0, 0.75, 0.75, 0.5, 0.5);
    assertThat(weights.get(3).explanation()).isEqualTo("clamped 0.05/0.20=0.25 -> min 0.50");
    // The five AEs under the seed's monthly recalculation ("Gewichte zwischen 0,5 und 2,0 begrenzen").
    assertWeights(compute(FIVE_AES, WeightModel.CLAMPED), 1.6, 1.2, 1.0, 0.8, 0.5);
  }

  @Test
  void clampedHonoursConfiguredBounds() {
    assertWeights(WeightModels.compute(SPREAD_TEAM,
        WeightSettings.defaults(WeightModel.CLAMPED).withClamp(0.3, 2.5), TODAY), 2.5, 0.75, 0.75, 0.3, 0.3);
  }

  // ---- sqrt

  @Test
  void sqrtTurnsFourTimesThePerformanceIntoTwiceTheWeight() {
    // Seed "Quadratwurzel-Skalierung": 4x Leistung -> 2x Gewicht. Average 10%, top converts 40%.
    List<RepFacts> team = new ArrayList<>(List.of(performer("top", 0.40)));
    for (int i = 1; i <= 6; i++) {
      team.add(performer("rep" + i, 0.05));
    }
    List<ComputedWeight> weights = compute(team, WeightModel.SQRT);

    assertThat(weights.get(0).weight()).isCloseTo(2.0, EXACT);
    assertThat(weights.get(1).weight()).isCloseTo(Math.sqrt(0.5), EXACT);
    assertThat(weights.get(0).explanation()).isEqualTo("sqrt 0.40/0.10=4.00, sqrt=2.00");
  }

  @Test
  void sqrtDampsTheFiveAes() {
    List<ComputedWeight> weights = compute(FIVE_AES, WeightModel.SQRT);

    assertWeights(weights, Math.sqrt(1.6), Math.sqrt(1.2), 1.0, Math.sqrt(0.8), Math.sqrt(0.4));
    // Alice converts 4x Eric, so she gets 2x his weight.
    assertThat(weights.get(0).weight() / weights.get(4).weight()).isCloseTo(2.0, EXACT);
  }

  // ---- percentile

  @Test
  void percentileRankOverFiftyGivesTheSeedsTopMedianAndBottomFigures() {
    // Seed "Perzentil-basiert": top 10% -> 2.0, median -> 1.0, bottom 10% -> 0.2; team of ten, 5% .. 50%.
    List<RepFacts> team = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      team.add(performer("rep" + i, i * 0.05));
    }
    List<ComputedWeight> weights = compute(team, WeightModel.PERCENTILE);

    assertThat(weights.get(9).weight()).isCloseTo(2.0, EXACT);
    assertThat(weights.get(4).weight()).isCloseTo(1.0, EXACT);
    assertThat(weights.get(0).weight()).isCloseTo(0.2, EXACT);
    assertThat(weights.get(4).explanation()).isEqualTo("percentile rank 50.00 (5 of 10 at or below)/50=1.00");
  }

  @Test
  void percentileRanksInclusivelyAndTiesShareTheHigherRank() {
    assertWeights(compute(FIVE_AES, WeightModel.PERCENTILE), 2.0, 1.6, 1.2, 0.8, 0.4);

    List<RepFacts> tied = List.of(performer("a", 0.30), performer("b", 0.20), performer("c", 0.20), performer("d", 0.10));
    assertWeights(compute(tied, WeightModel.PERCENTILE), 2.0, 1.5, 1.5, 0.5);
  }

  // ---- proportional

  @Test
  void proportionalDividesByTheLowestRate() {
    // Seed "Proportionale Gewichtung": 40/10 = 4.0, 25/10 = 2.5, 10/10 = 1.0.
    List<RepFacts> team = List.of(performer("top", 0.40), performer("mid", 0.25), performer("bottom", 0.10));
    List<ComputedWeight> weights = compute(team, WeightModel.PROPORTIONAL);

    assertWeights(weights, 4.0, 2.5, 1.0);
    assertThat(weights.get(0).explanation()).isEqualTo("proportional 0.40/0.10=4.00");
  }

  @Test
  void proportionalIgnoresAZeroRateAsDenominatorAndTheFloorLiftsIt() {
    List<RepFacts> team = List.of(performer("top", 0.40), performer("low", 0.10), performer("none", 0.0));

    assertWeights(compute(team, WeightModel.PROPORTIONAL), 4.0, 1.0, 0.0);
    assertWeights(WeightModels.compute(team, WeightSettings.defaults(WeightModel.PROPORTIONAL).withFloor(0.5), TODAY),
        4.0, 1.0, 0.5);
  }

  // ---- stepped

  @Test
  void steppedFollowsTheSeedsBoundaries() {
    // Seed: > 30% -> 3, 20-30% -> 2 (both ends included), < 20% -> 1.
    List<RepFacts> team = List.of(performer("r40", 0.40), performer("r31", 0.31), performer("r30", 0.30),
        performer("r25", 0.25), performer("r20", 0.20), performer("r19", 0.19), performer("r10", 0.10));
    List<ComputedWeight> weights = compute(team, WeightModel.STEPPED);

    assertWeights(weights, 3, 3, 2, 2, 2, 1, 1);
    assertThat(weights.get(2).explanation()).isEqualTo("stepped 0.30 in 0.20..0.30: 2.00");
  }

  @Test
  void steppedHonoursConfiguredSteps() {
    WeightSettings settings = WeightSettings.defaults(WeightModel.STEPPED).withStepped(0.15, 0.35, 0.5, 1.0, 2.0);

    assertWeights(WeightModels.compute(List.of(performer("a", 0.40), performer("b", 0.30), performer("c", 0.10)),
        settings, TODAY), 2.0, 1.0, 0.5);
  }

  // ---- capacity

  @Test
  void capacityIsFreeShareOfThresholdWithTheSeedsMinimum() {
    // Seed: capacity 50 opps: 20 -> 0.6, 50 -> 0 (min 0.3 so top performers still get some flow), 10 -> 0.8.
    List<RepFacts> team = List.of(loaded("r20", 20), loaded("r50", 50), loaded("r10", 10), loaded("r60", 60));
    List<ComputedWeight> weights = compute(team, WeightModel.CAPACITY_LOAD);

    assertWeights(weights, 0.6, 0.3, 0.8, 0.3);
    assertThat(weights.get(0).explanation()).isEqualTo("capacity 1-20/50=0.60");
    assertThat(weights.get(1).explanation()).isEqualTo("capacity 1-50/50=0.00 -> min 0.30");
  }

  @Test
  void capacityWithoutMinimumGivesAFullRepNoLeadsAndTheFloorKeepsThatZero() {
    WeightSettings settings = WeightSettings.defaults(WeightModel.CAPACITY_LOAD).withCapacity(50, 0.0).withFloor(0.5);
    List<RepFacts> team = List.of(loaded("r20", 20), loaded("r50", 50), loaded("r45", 45));

    assertWeights(WeightModels.compute(team, settings, TODAY), 0.6, 0.0, 0.5);
  }

  @Test
  void capacityWithoutAnOpportunityCountGetsTheStandardWeight() {
    RepFacts unknown = new RepFacts("unknown", 1.0, null, null, 1.0, null, null, null);
    ComputedWeight weight = compute(List.of(unknown), WeightModel.CAPACITY_LOAD).get(0);

    assertThat(weight.weight()).isEqualTo(1.0);
    assertThat(weight.explanation()).isEqualTo("no active-opportunity count: standard 1.0");
  }

  @Test
  void fteWeightIsTheFte() {
    // Seed: full time 1.0, part time (20 h) 0.5, 30 h selling 0.75; full time gets 2x the part-timer.
    List<RepFacts> team = List.of(withFte("full", 1.0), withFte("half", 0.5), withFte("admin-heavy", 0.75));
    List<ComputedWeight> weights = compute(team, WeightModel.CAPACITY_FTE);

    assertWeights(weights, 1.0, 0.5, 0.75);
    assertThat(weights.get(0).weight() / weights.get(1).weight()).isEqualTo(2.0);
    assertThat(weights.get(2).explanation()).isEqualTo("fte 0.75");
  }

  // ---- composite

  @Test
  void compositeReproducesTheSeedsRepA() {
    // Seed: performance 40% vs 25% = 1.6, capacity 30 open opps vs 40 average = 1.33, experience 3 y vs 2 y = 1.5;
    // 1.6 x 0.5 + 1.33 x 0.3 + 1.5 x 0.2 = 0.8 + 0.4 + 0.3 = 1.5.
    List<RepFacts> team = List.of(composite("a", 0.40, 30, 36), composite("b", 0.10, 50, 12));
    List<ComputedWeight> weights = compute(team, WeightModel.COMPOSITE);

    assertThat(weights.get(0).weight()).isCloseTo(1.5, EXACT);
    // b: 0.4 x 0.5 + 0.8 x 0.3 + 0.5 x 0.2
    assertThat(weights.get(1).weight()).isCloseTo(0.54, EXACT);
    assertThat(weights.get(0).explanation())
        .isEqualTo("composite 0.50*perf 1.60 + 0.30*cap 1.3333 + 0.20*exp 1.50 = 1.50");
  }

  @Test
  void compositeCoefficientsAreConfigurable() {
    List<RepFacts> team = List.of(composite("a", 0.40, 30, 36), composite("b", 0.10, 50, 12));
    WeightSettings performanceOnly = WeightSettings.defaults(WeightModel.COMPOSITE).withCompositeCoefficients(1, 0, 0);
    WeightSettings experienceOnly = WeightSettings.defaults(WeightModel.COMPOSITE).withCompositeCoefficients(0, 0, 1);

    assertWeights(WeightModels.compute(team, performanceOnly, TODAY), 1.6, 0.4);
    assertWeights(WeightModels.compute(team, experienceOnly, TODAY), 1.5, 0.5);
  }

  @Test
  void compositeCapsEachFactorAndCountsAMissingFactorAsAverage() {
    // No open opportunities would make avg/active infinite: the factor cap (2.0) settles it.
    List<RepFacts> team = List.of(composite("idle", 0.25, 0, 24), composite("busy", 0.25, 40, 24),
        new RepFacts("new-data", 1.0, null, null, 1.0, null, null, null));
    List<ComputedWeight> weights = compute(team, WeightModel.COMPOSITE);

    assertThat(weights.get(0).weight()).isCloseTo(0.5 * 1.0 + 0.3 * 2.0 + 0.2 * 1.0, EXACT);
    assertThat(weights.get(1).weight()).isCloseTo(0.5 * 1.0 + 0.3 * 0.5 + 0.2 * 1.0, EXACT);
    assertThat(weights.get(2).weight()).isCloseTo(1.0, EXACT);
    assertThat(weights.get(2).explanation()).contains("perf n/a 1.0").contains("cap n/a 1.0").contains("exp n/a 1.0");
  }

  @Test
  void compositeTakesTenureFromTheStartDateWhenMonthsAreMissing() {
    RepFacts threeYears = new RepFacts("a", 1.0, null, 0.25, 1.0, 40, null, TODAY.minusYears(3));
    RepFacts oneYear = new RepFacts("b", 1.0, null, 0.25, 1.0, 40, null, TODAY.minusYears(1));
    List<ComputedWeight> weights = compute(List.of(threeYears, oneYear), WeightModel.COMPOSITE);

    // average tenure 24 months: experience 1.5 and 0.5
    assertWeights(weights, 0.5 + 0.3 + 0.2 * 1.5, 0.5 + 0.3 + 0.2 * 0.5);
  }

  // ---- tier and static

  @Test
  void tiersWeighThreeTwoOneAsInTheSeedsSevenRepExample() {
    List<RepFacts> team = List.of(tiered("s1", 1), tiered("s2", 1), tiered("m1", 2), tiered("m2", 2), tiered("m3", 2),
        tiered("j1", 3), tiered("j2", 3));
    List<ComputedWeight> weights = compute(team, WeightModel.TIER);

    assertWeights(weights, 3, 3, 2, 2, 2, 1, 1);
    double total = weights.stream().mapToDouble(ComputedWeight::weight).sum();
    assertThat(total).isEqualTo(14.0);
    assertThat(3 / total * 100).isCloseTo(21.4, within(0.05)); // seed: 21.4 leads per tier-1 rep of 100
    assertThat(weights.get(0).explanation()).isEqualTo("tier 1: 3.00");
  }

  @Test
  void tierMappingIsConfigurableAndAnUnknownTierGetsTheStandardWeight() {
    WeightSettings settings = WeightSettings.defaults(WeightModel.TIER).withTierWeights(Map.of(1, 2.5, 2, 1.5));
    List<ComputedWeight> weights = WeightModels.compute(
        List.of(tiered("s", 1), tiered("m", 2), tiered("j", 3), tiered("none", null)), settings, TODAY);

    assertWeights(weights, 2.5, 1.5, 1.0, 1.0);
    assertThat(weights.get(2).explanation()).isEqualTo("tier 3 not mapped: standard 1.0");
    assertThat(weights.get(3).explanation()).isEqualTo("no tier: standard 1.0");
  }

  @Test
  void staticUsesEachRepsOwnRatio() {
    // Seed config file: alice 3, bob 2, carlos 2, diana 1 -> 37.5 / 25 / 25 / 12.5 of 100 leads.
    List<RepFacts> team = List.of(withStatic("alice", 3), withStatic("bob", 2), withStatic("carlos", 2),
        withStatic("diana", 1), withStatic("on-vacation", 0));
    List<ComputedWeight> weights = WeightModels.compute(team, WeightSettings.defaults(WeightModel.STATIC).withFloor(0.5), TODAY);

    assertWeights(weights, 3, 2, 2, 1, 0); // the floor keeps a configured 0 (no leads)
    assertThat(weights.get(0).weight() / 8 * 100).isEqualTo(37.5);
  }

  // ---- probation

  @Test
  void newRepGetsTheStandardWeightDuringProbationRegardlessOfRate() {
    RepFacts newStar = new RepFacts("new", 1.0, null, 0.90, 1.0, null, null, TODAY.minusDays(30));
    RepFacts settled = new RepFacts("settled", 1.0, null, 0.40, 1.0, null, null, TODAY.minusDays(120));
    RepFacts low = performer("low", 0.10);
    List<ComputedWeight> weights = compute(List.of(newStar, settled, low), WeightModel.NORMALIZED);

    assertThat(weights.get(0).weight()).isEqualTo(1.0);
    assertThat(weights.get(0).explanation()).isEqualTo("probation (day 31 of 90): 1.0");
    // The probationer's 90% stays out of the average (0.40 + 0.10) / 2 = 0.25.
    assertThat(weights.get(1).weight()).isCloseTo(1.6, EXACT);
    assertThat(weights.get(2).weight()).isCloseTo(0.4, EXACT);
  }

  @Test
  void probationCoversTheFirstNinetyDaysCountingTheStartDateAsDayOne() {
    RepFacts dayNinety = new RepFacts("d90", 1.0, null, 0.40, 1.0, null, null, TODAY.minusDays(89));
    RepFacts dayNinetyOne = new RepFacts("d91", 1.0, null, 0.40, 1.0, null, null, TODAY.minusDays(90));
    List<ComputedWeight> weights = compute(List.of(dayNinety, dayNinetyOne, performer("low", 0.10)), WeightModel.STEPPED);

    assertThat(weights.get(0).explanation()).isEqualTo("probation (day 90 of 90): 1.0");
    assertThat(weights.get(1).weight()).isEqualTo(3.0);
  }

  @Test
  void probationZeroDisablesItAndNonPerformanceModelsIgnoreIt() {
    RepFacts newStar = new RepFacts("new", 3.0, null, 0.40, 0.5, null, null, TODAY.minusDays(30));

    assertThat(WeightModels.compute(List.of(newStar),
        WeightSettings.defaults(WeightModel.STEPPED).withProbationDays(0), TODAY).get(0).weight()).isEqualTo(3.0);
    assertThat(compute(List.of(newStar), WeightModel.STATIC).get(0).weight()).isEqualTo(3.0);
    assertThat(compute(List.of(newStar), WeightModel.CAPACITY_FTE).get(0).weight()).isEqualTo(0.5);
  }

  // ---- missing data, order, errors

  @Test
  void repWithoutConversionRateGetsStandardWeightAndStaysOutOfTheAverage() {
    List<RepFacts> team = List.of(performer("a", 0.40), new RepFacts("unmeasured", 1.0, null, null, 1.0, null, null, null),
        performer("b", 0.10));
    List<ComputedWeight> weights = compute(team, WeightModel.NORMALIZED);

    assertWeights(weights, 1.6, 1.0, 0.4);
    assertThat(weights.get(1).explanation()).isEqualTo("no conversion rate: standard 1.0");
  }

  @Test
  void teamConvertingNothingGetsStandardWeights() {
    List<RepFacts> team = List.of(performer("a", 0.0), performer("b", 0.0));

    assertWeights(compute(team, WeightModel.NORMALIZED), 1.0, 1.0);
    assertWeights(compute(team, WeightModel.PROPORTIONAL), 1.0, 1.0);
  }

  @Test
  void weightsComeBackInTeamOrderAndAnEmptyTeamGivesNone() {
    List<RepFacts> shuffled = List.of(FIVE_AES.get(3), FIVE_AES.get(0), FIVE_AES.get(4));

    assertThat(compute(shuffled, WeightModel.NORMALIZED)).extracting(ComputedWeight::repId)
        .containsExactly("diana", "alice", "eric");
    assertThat(compute(List.of(), WeightModel.NORMALIZED)).isEmpty();
  }

  @Test
  void duplicateRepIsRejected() {
    assertThatThrownBy(() -> compute(List.of(performer("a", 0.1), performer("a", 0.2)), WeightModel.NORMALIZED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rep a appears twice");
  }

  @Test
  void configNamesRoundTripAndAnUnknownNameListsTheValidOnes() {
    for (WeightModel model : WeightModel.values()) {
      assertThat(WeightModel.fromConfigName(model.configName())).isEqualTo(model);
    }
    assertThat(Arrays.stream(WeightModel.values()).map(WeightModel::configName)).containsExactly("static", "tier",
        "normalized", "capped", "clamped", "sqrt", "percentile", "proportional", "stepped", "fte", "capacity", "composite");
    assertThat(WeightModel.fromConfigName(" Capped ")).isEqualTo(WeightModel.CAPPED);

    assertThatThrownBy(() -> WeightModel.fromConfigName("linear"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown weight model 'linear'; valid models: static, tier, normalized, capped, clamped, sqrt, "
            + "percentile, proportional, stepped, fte, capacity, composite");
    assertThatThrownBy(() -> WeightModel.fromConfigName(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsRejectNonsense() {
    WeightSettings defaults = WeightSettings.defaults(WeightModel.CLAMPED);

    assertThatThrownBy(() -> defaults.withClamp(2.0, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withCapacity(0, 0.3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withFloor(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withProbationDays(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> performer("x", 40)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..1");
  }

  // ---- helpers

  private static List<ComputedWeight> compute(List<RepFacts> team, WeightModel model) {
    return WeightModels.compute(team, WeightSettings.defaults(model), TODAY);
  }

  private static void assertWeights(List<ComputedWeight> weights, double... expected) {
    assertThat(weights).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(weights.get(i).weight()).as("weight of %s (%s)", weights.get(i).repId(), weights.get(i).explanation())
          .isCloseTo(expected[i], EXACT);
    }
  }

  private static RepFacts performer(String id, double conversionRate) {
    return new RepFacts(id, 1.0, null, conversionRate, 1.0, null, null, null);
  }

  private static RepFacts loaded(String id, int activeOpportunities) {
    return new RepFacts(id, 1.0, null, null, 1.0, activeOpportunities, null, null);
  }

  private static RepFacts withFte(String id, double fte) {
    return new RepFacts(id, 1.0, null, null, fte, null, null, null);
  }

  private static RepFacts tiered(String id, Integer tier) {
    return new RepFacts(id, 1.0, tier, null, 1.0, null, null, null);
  }

  private static RepFacts withStatic(String id, double weight) {
    return new RepFacts(id, weight, null, null, 1.0, null, null, null);
  }

  private static RepFacts composite(String id, double conversionRate, int activeOpportunities, int tenureMonths) {
    return new RepFacts(id, 1.0, null, conversionRate, 1.0, activeOpportunities, tenureMonths, null);
  }
}
