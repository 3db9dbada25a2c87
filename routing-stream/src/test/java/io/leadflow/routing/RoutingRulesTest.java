package io.leadflow.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.LeadStage;
import io.leadflow.avro.Priority;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.routing.RoutingRules.Level;
import io.leadflow.routing.rules.AbsencePolicy;
import io.leadflow.routing.rules.WeightModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {

  private static final String SOURCE = "rules.yaml";

  private static RoutingRules parse(String yaml) {
    return RoutingRules.parse(yaml.getBytes(StandardCharsets.UTF_8), SOURCE);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String yaml) {
    return assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(SOURCE);
  }

  // --- defaults -----------------------------------------------------------------------------------------------

  @Test
  void emptyDocumentGetsAllDefaults() {
    RoutingRules rules = parse("{}\n");

    assertThat(rules.version()).isEqualTo("unversioned");
    assertThat(rules.trigger().stages()).containsExactly(LeadStage.MQL, LeadStage.HOT);
    assertThat(rules.trigger().highPriority()).containsExactly(LeadStage.HOT);
    assertThat(rules.hierarchy()).containsExactly(Level.ACCOUNT_OWNER, Level.NAMED_ACCOUNT, Level.TERRITORY,
        Level.VERTICAL, Level.SEGMENT);
    assertThat(rules.generalPool()).isEqualTo("general");
    assertThat(rules.fallback().noTerritory()).isEqualTo(new RoutingRules.Target(null, null));
    assertThat(rules.fallback().unknownIndustry()).isEqualTo("geography");
    assertThat(rules.fallback().ownerLeft()).isEqualTo("manager");
    assertThat(rules.territories()).isEmpty();
    assertThat(rules.verticals()).isEmpty();
    assertThat(rules.segments()).isEmpty();
    assertThat(rules.slaTimer(Priority.HIGH)).isEqualTo(Duration.ofHours(1));
    assertThat(rules.slaTimer(Priority.NORMAL)).isEqualTo(Duration.ofHours(2));
    assertThat(rules.skip()).isEqualTo(new RoutingRules.Skip("24h", 50, true));
    assertThat(rules.loginTimeout()).contains(Duration.ofHours(24));
    assertThat(rules.maxReroutes()).as("seed 002: re-route once to the backup").isEqualTo(1);
  }

  @Test
  void poolWeightSettingsTheModelsRejectAreRejectedWhenTheFileIsRead() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("pools:\n  general: {weight-model: capacity, capacity-threshold: 0}\n"))
        .hasMessageContaining("pools.general");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("pools:\n  general: {weight-model: clamped, floor: -1}\n"))
        .hasMessageContaining("pools.general");
  }

  @Test
  void negativeMaxReroutesIsRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("max-reroutes: -1\n"))
        .hasMessageContaining("max-reroutes': must be 0");
  }

  @Test
  void poolsNotListedGetDefaultSettings() {
    RoutingRules.PoolSettings pool = parse("{}\n").pool("anything");

    assertThat(pool.model()).isEqualTo(WeightModel.fromConfigName("static"));
    assertThat(pool.windowDuration()).isEqualTo(Duration.ofDays(30));
    assertThat(pool.absence()).isEqualTo(AbsencePolicy.fromConfigName("bounded"));
    assertThat(pool.catchUpLimitOrDefault()).isEqualTo(3);
  }

  @Test
  void listedPoolWithoutSettingsStillGetsDefaults() {
    RoutingRules.PoolSettings pool = parse("pools:\n  dach: {floor: 0.5}\n").pool("dach");

    assertThat(pool.floor()).isEqualTo(0.5);
    assertThat(pool.model()).isEqualTo(WeightModel.fromConfigName("static"));
    assertThat(pool.absence()).isEqualTo(AbsencePolicy.fromConfigName("bounded"));
    assertThat(pool.catchUpLimitOrDefault()).isEqualTo(3);
    assertThat(pool.windowDuration()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void partlyGivenSectionsKeepDefaultsForTheRest() {
    RoutingRules rules = parse("""
        sla: {HIGH: 30m}
        skip: {active-lead-cap: 80}
        fallback: {owner-left: hierarchy}
        """);

    assertThat(rules.slaTimer(Priority.HIGH)).isEqualTo(Duration.ofMinutes(30));
    assertThat(rules.slaTimer(Priority.NORMAL)).isEqualTo(Duration.ofHours(2));
    assertThat(rules.skip()).isEqualTo(new RoutingRules.Skip("24h", 80, true));
    assertThat(rules.fallback().ownerLeft()).isEqualTo("hierarchy");
    assertThat(rules.fallback().unknownIndustry()).isEqualTo("geography");
    assertThat(rules.fallback().noTerritory()).isEqualTo(new RoutingRules.Target(null, null));
  }

  @Test
  void givenValuesAreRead() {
    RoutingRules rules = parse("""
        version: v7
        trigger: {stages: [SQL], high-priority: [SQL]}
        hierarchy: [vertical, territory]
        general-pool: everyone
        fallback: {no-territory: {rep: rep-x}, unknown-industry: round-robin}
        territories:
          - {pool: dach, countries: [DE], states: [BY], regions: [DACH]}
        segments:
          SMB: inside-sales
        pools:
          dach: {weight-model: tier, window: 7d, absence-policy: full, catch-up-limit: 5, probation-days: 90}
        max-reroutes: 2
        skip: {login-timeout: 0s, working-hours: false}
        """);

    assertThat(rules.version()).isEqualTo("v7");
    assertThat(rules.trigger().stages()).containsExactly(LeadStage.SQL);
    assertThat(rules.hierarchy()).containsExactly(Level.VERTICAL, Level.TERRITORY);
    assertThat(rules.generalPool()).isEqualTo("everyone");
    assertThat(rules.fallback().noTerritory()).isEqualTo(new RoutingRules.Target(null, "rep-x"));
    assertThat(rules.fallback().unknownIndustry()).isEqualTo("round-robin");
    assertThat(rules.territories()).containsExactly(
        new RoutingRules.Territory("dach", List.of("DE"), List.of("BY"), List.of("DACH")));
    assertThat(rules.segments()).containsEntry(Segment.SMB, "inside-sales");
    RoutingRules.PoolSettings dach = rules.pool("dach");
    assertThat(dach.model()).isEqualTo(WeightModel.fromConfigName("tier"));
    assertThat(dach.windowDuration()).isEqualTo(Duration.ofDays(7));
    assertThat(dach.absence()).isEqualTo(AbsencePolicy.fromConfigName("full"));
    assertThat(dach.catchUpLimitOrDefault()).isEqualTo(5);
    assertThat(dach.probationDays()).isEqualTo(90);
    assertThat(rules.maxReroutes()).isEqualTo(2);
    assertThat(rules.skip().workingHours()).isFalse();
    assertThat(rules.loginTimeout()).isEmpty();
  }

  // --- errors from Jackson: source, line and field path --------------------------------------------------------

  @Test
  void typeErrorNamesSourceLineAndField() {
    assertRejected("""
        version: v1
        general-pool: general
        max-reroutes: lots
        """)
        .hasMessageStartingWith("rules.yaml:3: ")
        .hasMessageContaining("field 'max-reroutes'")
        .hasMessageContaining("lots");
  }

  @Test
  void unknownFieldNamesSourceLineAndFieldPath() {
    assertRejected("""
        version: v1
        skip:
          login-timeout: 24h
          coffee-breaks: 3
        """)
        .hasMessageStartingWith("rules.yaml:4: ")
        .hasMessageContaining("field 'skip.coffee-breaks'");
  }

  @Test
  void unknownTopLevelFieldIsRejected() {
    assertRejected("""
        version: v1
        hierarchie: [territory]
        """)
        .hasMessageStartingWith("rules.yaml:2: ")
        .hasMessageContaining("field 'hierarchie'");
  }

  @Test
  void unknownFieldInTheMiddleOfTheFileNamesItsOwnLine() {
    assertRejected("""
        version: v1
        colour: blue
        general-pool: general
        hierarchy: [territory]
        max-reroutes: 1
        """)
        .hasMessageStartingWith("rules.yaml:2: ")
        .hasMessageContaining("field 'colour'");
  }

  @Test
  void unknownFieldInAListElementOrPoolNamesItsLineAndPath() {
    assertRejected("""
        territories:
          - {pool: dach, regions: [DACH]}
          - pool: nordics
            regoins: [NORDICS]
            countries: [SE]
        """)
        .hasMessageStartingWith("rules.yaml:4: ")
        .hasMessageContaining("field 'territories[1].regoins'");
    assertRejected("""
        pools:
          general: {weight-model: static}
          dach:
            weight-modle: tier
            window: 30d
        sla: {HIGH: 1h}
        """)
        .hasMessageStartingWith("rules.yaml:4: ")
        .hasMessageContaining("field 'pools.dach.weight-modle'");
  }

  @Test
  void unknownHierarchyLevelNamesSourceLineAndIndex() {
    assertRejected("""
        version: v1
        hierarchy: [account-owner, regional]
        """)
        .hasMessageStartingWith("rules.yaml:2: ")
        .hasMessageContaining("field 'hierarchy[1]'")
        .hasMessageContaining("regional");
  }

  // --- errors from the checks after parsing: source and field path ----------------------------------------------

  @Test
  void unknownWeightModelNamesPoolAndField() {
    assertRejected("""
        pools:
          dach: {weight-model: magic}
        """)
        .hasMessageContaining("pools.dach.weight-model")
        .hasMessageContaining("magic");
  }

  @Test
  void unknownAbsencePolicyNamesPoolAndField() {
    assertRejected("""
        pools:
          general: {absence-policy: forgiving}
        """)
        .hasMessageContaining("pools.general.absence-policy")
        .hasMessageContaining("forgiving");
  }

  @Test
  void badSlaDurationNamesPriority() {
    assertRejected("sla: {HIGH: soon}\n")
        .hasMessageContaining("sla.HIGH': 'soon' is not a duration");
  }

  @Test
  void badPoolWindowNamesPool() {
    assertRejected("""
        pools:
          general: {window: a month}
        """)
        .hasMessageContaining("pools.general.window': 'a month' is not a duration");
  }

  @Test
  void badLoginTimeoutIsRejected() {
    assertRejected("skip: {login-timeout: daily}\n")
        .hasMessageContaining("skip.login-timeout': 'daily' is not a duration");
  }

  @Test
  void territoryWithoutPoolNamesItsIndex() {
    assertRejected("""
        territories:
          - {pool: dach, regions: [DACH]}
          - {countries: [US]}
        """)
        .hasMessageContaining("territories[1].pool': missing")
        .hasMessageNotContaining("territories[0]");
  }

  @Test
  void verticalWithoutPoolNamesItsIndex() {
    assertRejected("verticals:\n  - {industries: [Healthcare]}\n")
        .hasMessageContaining("verticals[0].pool': missing");
  }

  @Test
  void unknownIndustryMustBeGeographyOrRoundRobin() {
    assertRejected("fallback: {unknown-industry: guess}\n")
        .hasMessageContaining("fallback.unknown-industry': 'guess' is not geography or round-robin");
  }

  @Test
  void ownerLeftMustBeManagerOrHierarchy() {
    assertRejected("fallback: {owner-left: nobody}\n")
        .hasMessageContaining("fallback.owner-left': 'nobody' is not manager or hierarchy");
  }

  @Test
  void noTerritoryTakesPoolOrRepNotBoth() {
    assertRejected("fallback: {no-territory: {pool: general, rep: rep-1}}\n")
        .hasMessageContaining("fallback.no-territory': give a pool or a rep, not both");
  }

  @Test
  void triggerWithoutStagesIsRejected() {
    assertRejected("trigger: {high-priority: [HOT]}\n")
        .hasMessageContaining("trigger.stages");
  }

  @Test
  void allProblemsAreReportedTogether() {
    assertRejected("""
        fallback: {unknown-industry: guess}
        sla: {NORMAL: later}
        """)
        .hasMessageContaining("fallback.unknown-industry")
        .hasMessageContaining("sla.NORMAL");
  }

  @Test
  void brokenYamlNamesTheSource() {
    assertRejected("version: v1\nhierarchy: [territory\n")
        .hasMessageStartingWith("rules.yaml:");
  }
}
