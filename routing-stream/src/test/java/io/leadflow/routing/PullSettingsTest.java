package io.leadflow.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.routing.rules.PoolRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code pools.<id>.pull} in the rules file: defaults from seed 001, and errors that name file, line and field. */
class PullSettingsTest {

  private static RoutingRules parse(String yaml) {
    return RoutingRules.parse(yaml.getBytes(StandardCharsets.UTF_8), "rules.yaml");
  }

  @Test
  void anEmptyPullSectionGetsTheSeedFigures() {
    PullSettings pull = parse("pools:\n  general:\n    pull: {}\n").pool("general").pull();
    PoolRules.Policy policy = pull.policy();
    assertThat(policy.mode()).isEqualTo(PoolRules.Mode.POOL);
    assertThat(policy.pushThreshold()).isEqualTo(75.0);
    assertThat(policy.hoardingLimit()).isEqualTo(10);
    assertThat(pull.lockDuration()).isEqualTo(Duration.ofMinutes(15));
    assertThat(pull.autoAssignAfter()).contains(Duration.ofMinutes(30));
    assertThat(pull.managerReviewAfter()).contains(Duration.ofMinutes(60));
    assertThat(policy.skipLimit()).isNull();
    assertThat(policy.diversity()).isNull();
    assertThat(policy.access().accessOf(new PoolRules.RepProfile("r", 3, null, null), java.time.LocalDate.now()).level())
        .isEqualTo(PoolRules.Access.FULL);
  }

  @Test
  void stepsCanBeSwitchedOff() {
    PullSettings pull = parse("pools:\n  general:\n    pull: {escalation: {auto-assign-after: off, manager-review-after: 'off'}}\n")
        .pool("general").pull();
    assertThat(pull.autoAssignAfter()).isEmpty();
    assertThat(pull.managerReviewAfter()).isEmpty();
  }

  @Test
  void theCommentedExampleInTheShippedRulesIsValid() throws Exception {
    String shipped;
    try (var in = PullSettingsTest.class.getResourceAsStream("/routing.yaml")) {
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder yaml = new StringBuilder();
    boolean inExample = false;
    for (String line : shipped.split("\n", -1)) {
      inExample = inExample ? line.startsWith("  #   ") : line.equals("  # smb:");
      yaml.append(inExample ? "  " + line.substring(4) : line).append('\n');
    }
    PullSettings pull = parse(yaml.toString()).pool("smb").pull();
    assertThat(pull).as("the example block was found and uncommented").isNotNull();
    assertThat(pull.manager()).isEqualTo("rep-max");
    assertThat(pull.policy().diversity().minShare()).isEqualTo(0.3);
  }

  @Test
  void aPoolWithoutPullHasNone() {
    assertThat(parse("pools:\n  general: {weight-model: static}\n").pool("general").pull()).isNull();
  }

  @Test
  void typeErrorsNameTheLineAndField() {
    assertThatThrownBy(() -> parse("pools:\n  general:\n    pull:\n      hoarding-limit: lots\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("rules.yaml:4: field 'pools.general.pull.hoarding-limit'");
    assertThatThrownBy(() -> parse("pools:\n  general:\n    pull:\n      hoarding: 3\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("rules.yaml:4: field 'pools.general.pull.hoarding'");
  }

  @Test
  void badValuesNameTheField() {
    assertThatThrownBy(() -> parse("""
        pools:
          general:
            pull:
              mode: lottery
              push-threshold: 140
              lock: soon
              hoarding-limit: 0
              diversity: {min-share: 30, mode: shame}
              escalation: {auto-assign-after: 60m, manager-review-after: 30m}
              access: {filtered: {tiers: [2]}}
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("pools.general.pull.mode': 'lottery' is not pool or queue")
        .hasMessageContaining("pools.general.pull.push-threshold': must be a score from 0 to 100, got 140.0")
        .hasMessageContaining("pools.general.pull.lock': 'soon' is not a positive duration")
        .hasMessageContaining("pools.general.pull.hoarding-limit': must be 1 or more, got 0")
        .hasMessageContaining("pools.general.pull.diversity.min-share': must be from 0 to 1")
        .hasMessageContaining("pools.general.pull.diversity.mode': 'shame' is not enforce or report")
        .hasMessageContaining("pools.general.pull.escalation.manager-review-after': must be later than auto-assign-after")
        .hasMessageContaining("pools.general.pull.access.filter': the filtered tier needs a filter");
  }
}
