package io.leadflow.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.DecayingValue;
import io.leadflow.avro.LeadStage;
import io.leadflow.platform.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScoringRulesTest {

  private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  @Test
  void decayHalvesTheValueEveryHalfLife() {
    DecayingValue forty = DecayingValue.newBuilder().setValue(40).setReferenceTime(T0).build();
    Duration halfLife = Duration.ofDays(14);

    assertThat(Decay.valueAt(forty, halfLife, T0)).isEqualTo(40.0);
    assertThat(Decay.valueAt(forty, halfLife, T0.plus(Duration.ofDays(14)))).isEqualTo(20.0);
    assertThat(Decay.valueAt(forty, halfLife, T0.plus(Duration.ofDays(28)))).isEqualTo(10.0);
  }

  @Test
  void anEventOlderThanTheReferenceIsDecayedForwardSoOrderDoesNotMatter() {
    Duration halfLife = Duration.ofDays(7);
    DecayingValue inOrder = Decay.add(Decay.add(null, halfLife, 10, T0), halfLife, 10, T0.plus(Duration.ofDays(7)));
    DecayingValue outOfOrder = Decay.add(Decay.add(null, halfLife, 10, T0.plus(Duration.ofDays(7))), halfLife, 10, T0);

    Instant later = T0.plus(Duration.ofDays(10));
    assertThat(Decay.valueAt(outOfOrder, halfLife, later)).isEqualTo(Decay.valueAt(inOrder, halfLife, later));
    assertThat(Decay.valueAt(inOrder, halfLife, T0.plus(Duration.ofDays(7)))).isEqualTo(15.0);
  }

  @Test
  void stagesGoUpAtTheThresholdAndDownOnlyPastTheHysteresisBand() {
    StageMachine stages = new StageMachine(new ScoringRules.Thresholds(20, 50, 80, 5, 10));

    assertThat(stages.next(LeadStage.SUSPECT, 0, 49.9)).isEqualTo(LeadStage.SUSPECT);
    assertThat(stages.next(LeadStage.SUSPECT, 0, 50)).isEqualTo(LeadStage.MQL);
    assertThat(stages.next(LeadStage.MQL, 0, 80)).isEqualTo(LeadStage.HOT);
    assertThat(stages.next(LeadStage.HOT, 0, 75)).as("HOT holds down to 75").isEqualTo(LeadStage.HOT);
    assertThat(stages.next(LeadStage.HOT, 0, 74.9)).as("HOT drops to MQL first").isEqualTo(LeadStage.MQL);
    assertThat(stages.next(LeadStage.MQL, 0, 45)).isEqualTo(LeadStage.MQL);
    assertThat(stages.next(LeadStage.MQL, 25, 44.9)).isEqualTo(LeadStage.PROSPECT);
    assertThat(stages.next(LeadStage.MQL, 0, 10)).isEqualTo(LeadStage.SUSPECT);
    assertThat(stages.next(LeadStage.SAL, 0, 0)).as("outcomes, not scores, move SAL").isEqualTo(LeadStage.SAL);
    assertThat(stages.next(LeadStage.SQL, 0, 0)).isEqualTo(LeadStage.SQL);
  }

  @Test
  void theShippedRulesLoadAndAreTheBuiltInDefault() {
    ScoringRules shipped = ScoringRules.read(Path.of("..", "examples", "scoring.yaml"));
    assertThat(ScoringRules.builtIn()).isEqualTo(shipped);
    assertThat(shipped.thresholds().mql()).isEqualTo(50.0);
    assertThat(shipped.signals()).filteredOn(signal -> signal.name().equals("intent"))
        .singleElement().extracting(ScoringRules.Signal::halfLifeDuration).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void badRulesFailWithTheSourceAndTheRule() {
    String unknownSignal = """
        version: v1
        thresholds: {prospect-fit: 20, mql: 50, hot: 80, hysteresis: 5, score-band: 10}
        signals: [{name: intent, half-life: 14d}]
        fit: []
        activities: [{name: pricing, type: pricing_page, signal: intnet, points: 20}]
        """;
    assertThatThrownBy(() -> ScoringRules.parse(unknownSignal.getBytes(StandardCharsets.UTF_8), "rules.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("rules.yaml:5: field 'activities[0].signal': activity rule 'pricing': unknown signal 'intnet'");

    String typo = """
        version: v1
        thresholds: {prospect-fit: 20, mql: 50, hot: 80, hysteresis: 5, score-band: 10}
        signals: [{name: intent, half-lfe: 14d}]
        fit: []
        activities: []
        """;
    assertThatThrownBy(() -> ScoringRules.parse(typo.getBytes(StandardCharsets.UTF_8), "rules.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("rules.yaml:3: ")
        .hasMessageContaining("half-lfe");
  }
}
