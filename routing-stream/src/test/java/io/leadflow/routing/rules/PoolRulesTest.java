package io.leadflow.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.routing.rules.PoolRules.Access;
import io.leadflow.routing.rules.PoolRules.AccessDecision;
import io.leadflow.routing.rules.PoolRules.AccessPolicy;
import io.leadflow.routing.rules.PoolRules.AccessRule;
import io.leadflow.routing.rules.PoolRules.Diversity;
import io.leadflow.routing.rules.PoolRules.Enforcement;
import io.leadflow.routing.rules.PoolRules.Filter;
import io.leadflow.routing.rules.PoolRules.LeadFacts;
import io.leadflow.routing.rules.PoolRules.Mode;
import io.leadflow.routing.rules.PoolRules.Policy;
import io.leadflow.routing.rules.PoolRules.RepClaims;
import io.leadflow.routing.rules.PoolRules.RepProfile;
import io.leadflow.routing.rules.PoolRules.Verdict;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seed 001's figures: push over 75, hoarding limit 10, 30 % of claims below a score, performance tiers. */
class PoolRulesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 1, 5);
  private static final AccessDecision FULL = new AccessDecision(Access.FULL, "full");
  private static final RepClaims NONE = new RepClaims(0, 0, 0, 0);

  private static Policy policy(Mode mode, Integer skipLimit, Enforcement skipMode, Diversity diversity) {
    return new Policy(mode, 75, Set.of("HOT"), 10, skipLimit, skipMode, diversity, AccessPolicy.everyoneFull());
  }

  private static LeadFacts lead(String id, double score) {
    return new LeadFacts(id, score, "MQL", "SMB", "Software", false);
  }

  @Test
  void hotLeadsAndStrategicAccountsArePushedAndWarmLeadsPooled() {
    Policy policy = policy(Mode.POOL, null, Enforcement.ENFORCE, null);
    assertThat(PoolRules.entry(policy, lead("a", 82)).push()).isTrue();
    assertThat(PoolRules.entry(policy, lead("b", 75)).reason()).isEqualTo("score 75 at or above the push threshold 75");
    assertThat(PoolRules.entry(policy, lead("c", 74.5)).push()).isFalse();
    assertThat(PoolRules.entry(policy, new LeadFacts("d", 20, "MQL", "SMB", null, true)).reason())
        .isEqualTo("strategic account: always pushed");
    assertThat(PoolRules.entry(policy, new LeadFacts("e", 20, "HOT", "SMB", null, false)).push()).isTrue();
  }

  @Test
  void accessFollowsTierConversionAndStartDate() {
    AccessPolicy access = new AccessPolicy(new AccessRule(Set.of(1), 0.25), new AccessRule(Set.of(1, 2), null),
        new Filter(60.0, Set.of("SMB"), Set.of()), 90);
    assertThat(access.accessOf(new RepProfile("top", 1, 0.30, null), TODAY).level()).isEqualTo(Access.FULL);
    assertThat(access.accessOf(new RepProfile("top-but-low", 1, 0.10, null), TODAY).level()).isEqualTo(Access.FILTERED);
    assertThat(access.accessOf(new RepProfile("mid", 2, null, null), TODAY).level()).isEqualTo(Access.FILTERED);
    assertThat(access.accessOf(new RepProfile("struggling", 3, 0.40, null), TODAY).level()).isEqualTo(Access.AUTO);
    AccessDecision fresh = access.accessOf(new RepProfile("new", 1, 0.5, TODAY.minusDays(89)), TODAY);
    assertThat(fresh.level()).isEqualTo(Access.AUTO);
    assertThat(fresh.reason()).startsWith("new rep");
    assertThat(access.accessOf(new RepProfile("day-90", 1, 0.5, TODAY.minusDays(90)), TODAY).level())
        .isEqualTo(Access.FULL);

    AccessDecision mid = new AccessDecision(Access.FILTERED, "mid");
    assertThat(access.hides(mid, lead("x", 60))).isNull();
    assertThat(access.hides(mid, lead("y", 61))).isEqualTo("score 61 is above 60");
    assertThat(access.hides(mid, new LeadFacts("z", 10, "MQL", "ENTERPRISE", null, false)))
        .isEqualTo("segment ENTERPRISE is not in [SMB]");
    assertThat(access.hides(FULL, lead("y", 99))).isNull();
  }

  @Test
  void aLockedLeadCannotBeClaimedAgain() {
    Policy policy = policy(Mode.POOL, null, Enforcement.ENFORCE, null);
    assertThat(PoolRules.checkClaim(policy, "b", FULL, lead("l", 50), "a", null, false, NONE).reason())
        .isEqualTo("lead l is already claimed by another rep");
    assertThat(PoolRules.checkClaim(policy, "a", FULL, lead("l", 50), "a", null, false, NONE).reason())
        .isEqualTo("you already hold lead l");
  }

  @Test
  void queueModeRefusesToSkipAheadAndPoolModeCountsSkips() {
    Policy queue = policy(Mode.QUEUE, null, Enforcement.ENFORCE, null);
    assertThat(PoolRules.checkClaim(queue, "a", FULL, lead("l2", 50), null, "l1", false, NONE).allowed()).isFalse();
    assertThat(PoolRules.checkClaim(queue, "a", FULL, lead("l1", 50), null, "l1", false, NONE).allowed()).isTrue();
    Policy pool = policy(Mode.POOL, null, Enforcement.ENFORCE, null);
    Verdict skip = PoolRules.checkClaim(pool, "a", FULL, lead("l2", 50), null, "l1", false, NONE);
    assertThat(skip.allowed()).isTrue();
    assertThat(skip.skip()).isTrue();
  }

  @Test
  void hoardingLimitOfTen() {
    Policy policy = policy(Mode.POOL, null, Enforcement.ENFORCE, null);
    assertThat(PoolRules.checkClaim(policy, "a", FULL, lead("l", 50), null, "l", false, new RepClaims(9, 9, 0, 0))
        .allowed()).isTrue();
    assertThat(PoolRules.checkClaim(policy, "a", FULL, lead("l", 50), null, "l", false, new RepClaims(10, 10, 0, 0))
        .reason()).startsWith("hoarding limit: you hold 10 claimed leads not yet contacted (limit 10)");
  }

  @Test
  void skipLimitIsEnforcedOrReported() {
    RepClaims threeSkips = new RepClaims(0, 3, 0, 3);
    Verdict enforced = PoolRules.checkClaim(policy(Mode.POOL, 3, Enforcement.ENFORCE, null), "a", FULL, lead("l9", 50),
        null, "l1", false, threeSkips);
    assertThat(enforced.reason()).startsWith("skip limit: 3 claims in a row passed over older leads (limit 3)");
    Verdict taken = PoolRules.checkClaim(policy(Mode.POOL, 3, Enforcement.ENFORCE, null), "a", FULL, lead("l1", 50),
        null, "l1", false, threeSkips);
    assertThat(taken.allowed()).isTrue();
    Verdict reported = PoolRules.checkClaim(policy(Mode.POOL, 3, Enforcement.REPORT, null), "a", FULL, lead("l9", 50),
        null, "l1", false, threeSkips);
    assertThat(reported.allowed()).isTrue();
    assertThat(reported.warnings()).singleElement().asString().startsWith("skip limit");
  }

  @Test
  void diversityNeedsThirtyPercentBelowTheScoreAfterTheGraceClaims() {
    Policy policy = policy(Mode.POOL, null, Enforcement.ENFORCE, new Diversity(50, 0.3, 3, Enforcement.ENFORCE));
    // grace: the first three claims of the day may all be high
    assertThat(PoolRules.checkClaim(policy, "a", FULL, lead("h", 70), null, "h", false, new RepClaims(0, 2, 0, 0))
        .allowed()).isTrue();
    // 4th claim, high, none low: 0 of 4 < 30 %
    Verdict refused = PoolRules.checkClaim(policy, "a", FULL, lead("h", 70), null, "h", false, new RepClaims(0, 3, 0, 0));
    assertThat(refused.reason())
        .isEqualTo("diversity: at least 30% of your claims today must score below 50; with this one 0 of 4 would");
    // a low one is always fine and counts as low
    Verdict low = PoolRules.checkClaim(policy, "a", FULL, lead("l", 49), null, "l", false, new RepClaims(0, 3, 0, 0));
    assertThat(low.allowed()).isTrue();
    assertThat(low.lowScore()).isTrue();
    // 3 of 10 = 30 %: allowed; 2 of 10: refused
    assertThat(PoolRules.checkClaim(policy, "a", FULL, lead("h", 70), null, "h", false, new RepClaims(0, 9, 3, 0))
        .allowed()).isTrue();
    assertThat(PoolRules.checkClaim(policy, "a", FULL, lead("h", 70), null, "h", false, new RepClaims(0, 9, 2, 0))
        .allowed()).isFalse();
    Policy reporting = policy(Mode.POOL, null, Enforcement.ENFORCE, new Diversity(50, 0.3, 3, Enforcement.REPORT));
    Verdict reported = PoolRules.checkClaim(reporting, "a", FULL, lead("h", 70), null, "h", false,
        new RepClaims(0, 3, 0, 0));
    assertThat(reported.allowed()).isTrue();
    assertThat(reported.warnings()).hasSize(1);
  }

  @Test
  void automaticAndFilteredRepsAreRefusedWithTheReason() {
    Policy policy = new Policy(Mode.POOL, 75, Set.of(), 10, null, Enforcement.ENFORCE, null,
        new AccessPolicy(new AccessRule(Set.of(1), null), new AccessRule(Set.of(2), null),
            new Filter(40.0, null, null), null));
    assertThat(PoolRules.checkClaim(policy, "a", new AccessDecision(Access.AUTO, "new rep"), lead("l", 30), null, "l",
        false, NONE).reason()).isEqualTo("no pull access in this pool (new rep); leads are assigned to you");
    assertThat(PoolRules.checkClaim(policy, "a", new AccessDecision(Access.FILTERED, "mid"), lead("l", 41), null, "l",
        false, NONE).reason()).isEqualTo("lead l is outside your filtered view: score 41 is above 40");
  }
}
