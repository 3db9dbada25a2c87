package io.leadflow.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The reduced fault test of docs/RELIABILITY.md, for CI: three brokers and the services in child JVMs (two instances
 * per stream), two hard kills, a clean restart and a hard bounce of a hot partition's leader while the leads flow; the
 * verifier must find nothing lost, doubled or mis-scored, no transaction left open, no DLQ record and no configured
 * secret in any log. The full run is {@code ./leadflow fault-test}; {@code -Dfault.leads}, {@code -Dfault.kills},
 * {@code -Dfault.restarts} and {@code -Dfault.bounces} size this one.
 */
class FaultToleranceIT {

  @Test
  void leadsFlowThroughKillsARestartAndABrokerBounceWithNothingLostOrDoubled() throws Exception {
    int leads = Integer.getInteger("fault.leads", 2_000);
    int kills = Integer.getInteger("fault.kills", 2);
    int restarts = Integer.getInteger("fault.restarts", 1);
    int bounces = Integer.getInteger("fault.bounces", 1);
    FaultRun.Report report = new FaultRun(new FaultRun.Settings(leads, kills, restarts, bounces, 2, 11, 400, null, false,
        Duration.ofMinutes(40)), System.out).run();
    System.out.println(String.join("\n", report.faultLog()));
    System.out.println(report.summary());

    assertThat(report.kills()).isEqualTo(kills);
    assertThat(report.restarts()).isEqualTo(restarts);
    assertThat(report.hardBounces() + report.cleanBounces()).isEqualTo(bounces);
    assertThat(report.checks().reachedRouting()).as("leads routed").isGreaterThan(leads / 10);
    assertThat(report.checks().lost()).as("lost").isZero();
    assertThat(report.checks().duplicates()).as("duplicates").isZero();
    assertThat(report.checks().scoreMismatches()).as("score mismatches").isZero();
    assertThat(report.checks().hungPartitions()).as("hung partitions").isZero();
    assertThat(report.secretsFound()).as("secrets in logs").isEmpty();
    assertThat(report.passed()).as(report.summary()).isTrue();
  }
}
