package io.leadflow.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The reduced fault test of docs/RELIABILITY.md, for CI: three brokers and the services in child JVMs, two hard kills,
 * a clean restart and a hard bounce of a hot partition's leader while 10,000 leads flow; the verifier must find nothing
 * lost, doubled or mis-scored, no transaction left open, and no configured secret in any log. The full run is
 * {@code ./leadflow fault-test}.
 */
class FaultToleranceIT {

  @Test
  void tenThousandLeadsThroughKillsAndABrokerBounceLoseAndDoubleNothing() throws Exception {
    int leads = Integer.getInteger("fault.leads", 10_000);
    FaultRun.Report report = new FaultRun(new FaultRun.Settings(leads, 2, 1, 1, 2, 11, 400, null, false,
        Duration.ofMinutes(12)), System.out).run();
    System.out.println(String.join("\n", report.faultLog()));
    System.out.println(report.summary());

    assertThat(report.kills()).isEqualTo(2);
    assertThat(report.hardBounces() + report.cleanBounces()).isEqualTo(1);
    assertThat(report.checks().reachedRouting()).as("leads routed").isGreaterThan(leads / 10);
    assertThat(report.checks().lost()).as("lost").isZero();
    assertThat(report.checks().duplicates()).as("duplicates").isZero();
    assertThat(report.checks().scoreMismatches()).as("score mismatches").isZero();
    assertThat(report.checks().hungPartitions()).as("hung partitions").isZero();
    assertThat(report.secretsFound()).as("secrets in logs").isEmpty();
    assertThat(report.passed()).as(report.summary()).isTrue();
  }
}
