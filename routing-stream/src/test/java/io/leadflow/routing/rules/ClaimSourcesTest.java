package io.leadflow.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClaimSourcesTest {

  @Test
  void theSourceComesFromTheMethodAndForClaimsFromThePoolsRule() {
    assertThat(ClaimSources.of("CLAIM", "pool-claim")).isEqualTo(ClaimSources.CLAIM);
    assertThat(ClaimSources.of("CLAIM", "pool-take-next")).isEqualTo(ClaimSources.TAKE_NEXT);
    assertThat(ClaimSources.of("ESCALATION", "pool-escalation")).isEqualTo(ClaimSources.ESCALATION);
    assertThat(ClaimSources.of("SLA_REROUTE", "sla-backup")).isEqualTo(ClaimSources.SLA_REROUTE);
    assertThat(ClaimSources.of("WEIGHTED", "weighted")).isEqualTo(ClaimSources.PUSH);
    assertThat(ClaimSources.of("ACCOUNT_OWNER", "account-owner")).isEqualTo(ClaimSources.PUSH);
  }

  @Test
  void aLaterOutcomeReachesEveryEarlierFunnelStep() {
    assertThat(ClaimSources.reached("WON")).containsExactly("CONTACTED", "QUALIFIED", "OPPORTUNITY", "WON");
    assertThat(ClaimSources.reached("DISQUALIFIED")).containsExactly("CONTACTED", "LOST");
    assertThat(ClaimSources.reached("ACCEPTED")).containsExactly("CONTACTED", "QUALIFIED");
    assertThat(ClaimSources.reached("UNKNOWN")).isEmpty();
  }
}
