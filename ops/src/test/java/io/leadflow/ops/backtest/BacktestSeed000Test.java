package io.leadflow.ops.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Rep;
import io.leadflow.ops.simulate.SimulationEvent;
import io.leadflow.ops.simulate.SimulationFixtures;
import io.leadflow.ops.simulate.SimulationSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 000 "Beispiel für gewichtete Verteilung": 200 leads, five AEs converting 40/30/25/20/10 %. The conversion
 * rates are not given to the backtest: it measures them from 100 earlier leads per rep and their outcomes in the log.
 */
class BacktestSeed000Test {

  private static final Map<String, Double> RATES = new LinkedHashMap<>();

  static {
    RATES.put("alice", 0.40);
    RATES.put("bob", 0.30);
    RATES.put("carlos", 0.25);
    RATES.put("diana", 0.20);
    RATES.put("eric", 0.10);
  }

  @TempDir static Path dir;
  static List<PolicyResult> results;

  @BeforeAll
  static void backtest() {
    List<SimulationEvent> log = new ArrayList<>();
    long line = 1;
    // History: 100 leads per rep, each contacted, the rep's rate of them reaching an opportunity.
    for (Map.Entry<String, Double> rep : RATES.entrySet()) {
      for (int i = 0; i < 100; i++) {
        String lead = "history-" + rep.getKey() + "-" + i;
        log.add(SimulationFixtures.outcome(lead, rep.getKey(), OutcomeType.CONTACTED,
            SimulationFixtures.START.minus(Duration.ofDays(60)).plusSeconds(i), line++));
        if (i < Math.round(rep.getValue() * 100)) {
          log.add(SimulationFixtures.outcome(lead, rep.getKey(), OutcomeType.OPPORTUNITY,
              SimulationFixtures.START.minus(Duration.ofDays(30)).plusSeconds(i), line++));
        }
      }
    }
    for (int i = 0; i < 200; i++) {
      log.addAll(SimulationFixtures.mqlLead(String.format("lead-%03d", i),
          SimulationFixtures.START.plus(Duration.ofMinutes(10L * i)), line));
      line += 2;
    }
    log.sort(Comparator.comparingLong(SimulationEvent::at).thenComparingLong(SimulationEvent::line));

    // Leadflow's own weighted routing: normalized (rate / team average) with floor 0.5 → 1.6/1.2/1.0/0.8/0.5.
    SimulationSetup weighted = policy("weighted", "{weight-model: normalized, floor: 0.5}", Map.of());
    // The seed's rounded table 62/46/38/31/23 as static weights: the chairman rule hands out exactly that over 200.
    SimulationSetup seedTable = policy("seed-table", "{weight-model: static}",
        Map.of("alice", 62.0, "bob", 46.0, "carlos", 38.0, "diana", 31.0, "eric", 23.0));
    SimulationSetup roundRobin = policy("round-robin", "{weight-model: static}", Map.of());
    results = Backtest.run(log, List.of(weighted, seedTable, roundRobin));
  }

  private static SimulationSetup policy(String name, String pool, Map<String, Double> weights) {
    List<Rep> reps = RATES.entrySet().stream()
        .map(e -> SimulationFixtures.rep(e.getKey(), weights.getOrDefault(e.getKey(), 1.0), e.getValue()).build())
        .toList();
    return new SimulationSetup(name, SimulationFixtures.config(SimulationFixtures.routingRules(dir, name, pool)), reps,
        List.of(), List.of(), List.of());
  }

  private static Map<String, Long> leads(PolicyResult result) {
    return result.reps().stream().collect(Collectors.toMap(PolicyResult.RepRow::repId, PolicyResult.RepRow::leads));
  }

  @Test
  void conversionRatesAreMeasuredFromTheOutcomesInTheLog() {
    for (PolicyResult.RepRow row : results.get(0).reps()) {
      assertThat(row.conversionRate()).as(row.repId()).isCloseTo(RATES.get(row.repId()), within(1e-12));
    }
  }

  @Test
  void exactWeightedRoutingGives57point25() {
    PolicyResult weighted = results.get(0);
    assertThat(weighted.leadsAssigned()).isEqualTo(200);
    assertThat(leads(weighted)).containsExactlyInAnyOrderEntriesOf(
        Map.of("alice", 63L, "bob", 47L, "carlos", 39L, "diana", 31L, "eric", 20L));
    assertThat(weighted.expectedOpportunities()).isCloseTo(57.25, within(1e-9));
    // Target: 200 × 1.6/5.1 = 62.75 for Alice; every rep within one lead of the weighted target (DESIGN.md choice 5).
    for (PolicyResult.RepRow row : weighted.reps()) {
      assertThat(Math.abs(row.leads() - row.targetLeads())).as(row.repId()).isLessThan(1.0);
    }
    assertThat(weighted.reps().get(0).targetLeads()).isCloseTo(200 * 1.6 / 5.1, within(1e-9));
  }

  @Test
  void theSeedsRoundedTableGives56point6() {
    PolicyResult table = results.get(1);
    assertThat(leads(table)).containsExactlyInAnyOrderEntriesOf(
        Map.of("alice", 62L, "bob", 46L, "carlos", 38L, "diana", 31L, "eric", 23L));
    assertThat(table.expectedOpportunities()).isCloseTo(56.6, within(1e-9));
  }

  @Test
  void roundRobinGives50() {
    PolicyResult roundRobin = results.get(2);
    assertThat(leads(roundRobin).values()).containsOnly(40L);
    assertThat(roundRobin.expectedOpportunities()).isCloseTo(50.0, within(1e-9));
    assertThat(roundRobin.gini()).isZero();
    assertThat(results.get(0).gini()).isGreaterThan(0.1);
  }

  @Test
  void theWeightedPoliciesBeatRoundRobinByTheSeedsMargins() {
    double roundRobin = results.get(2).expectedOpportunities();
    assertThat(results.get(1).expectedOpportunities() / roundRobin - 1).isCloseTo(0.132, within(1e-9));
    assertThat(results.get(0).expectedOpportunities() / roundRobin - 1).isCloseTo(0.145, within(1e-9));
  }
}
