package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.Meters;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing's Micrometer meters, reached by the processors through the Streams properties. */
class RoutingMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, LeadStageChange> stageChanges;
  private TestInputTopic<String, LeadOutcome> outcomes;

  @BeforeEach
  void setUp() {
    // Stream time: assignedAt is the decision's event time, so latency and response times are exact.
    RoutingConfig config = RoutingConfig.from(LayeredConfig.defaults().with("timers.mode", "stream-time"));
    Properties props = TopologyTests.props(config.applicationId(), Topics.ROUTING_DLQ.name());
    Meters.putInto(props, registry);
    driver = new TopologyTestDriver(RoutingTopology.build(config), props);
    var reps = TopologyTests.input(driver, Topics.REPS);
    reps.pipeInput("rep-a", rep("rep-a", "general"));
    reps.pipeInput("rep-b", rep("rep-b", "general"));
    stageChanges = TopologyTests.input(driver, Topics.LEAD_STAGE_CHANGES);
    outcomes = TopologyTests.input(driver, Topics.LEAD_OUTCOMES);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void countsAssignmentsPerRepAndMethodAndTimesTheResponse() {
    for (int i = 1; i <= 5; i++) {
      stageChanges.pipeInput("lead-" + i, stageChange("lead-" + i, LeadStage.SUSPECT, LeadStage.MQL, T0.plusSeconds(i)));
    }
    outcomes.pipeInput("lead-1", LeadOutcome.newBuilder().setOutcomeId("o-1").setLeadId("lead-1").setRepId("rep-a")
        .setType(OutcomeType.CONTACTED).setOccurredAt(T0.plusSeconds(1).plus(Duration.ofMinutes(90))).build());

    assertThat(count("leadflow.routing.assignments", "rep", "rep-a", "method", "fallback")).isEqualTo(3.0);
    assertThat(count("leadflow.routing.assignments", "rep", "rep-b", "method", "fallback")).isEqualTo(2.0);
    assertThat(count("leadflow.routing.requests", "method", "fallback")).isEqualTo(5.0);
    assertThat(registry.get("leadflow.routing.no_rep").counter().count()).isZero();
    // A stage change without the enriched lead cannot match territories: the no-lead-details fallback.
    assertThat(registry.get("leadflow.routing.fallbacks").tag("kind", "no-lead-details").counter().count()).isEqualTo(5.0);
    Timer latency = registry.get("leadflow.routing.assignment.latency").timer();
    assertThat(latency.count()).isEqualTo(5);
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isZero();
    Timer response = registry.get("leadflow.routing.response").tag("priority", "normal").timer();
    assertThat(response.count()).isEqualTo(1);
    assertThat(response.totalTime(TimeUnit.MINUTES)).isEqualTo(90.0);
    assertThat(registry.get("leadflow.routing.response").tag("priority", "high").timer().count()).isZero();
  }

  @Test
  void aLeadNoRepCanTakeCountsAsNoRep() {
    var reps = TopologyTests.input(driver, Topics.REPS);
    reps.pipeInput("rep-a", null);
    reps.pipeInput("rep-b", null);
    stageChanges.pipeInput("lead-x", stageChange("lead-x", LeadStage.SUSPECT, LeadStage.MQL, T0));
    assertThat(registry.get("leadflow.routing.no_rep").counter().count()).isEqualTo(1.0);
    assertThat(count("leadflow.routing.requests", "method", "fallback")).isEqualTo(1.0);
    assertThat(registry.find("leadflow.routing.assignments").counters()).isEmpty();
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }
}
