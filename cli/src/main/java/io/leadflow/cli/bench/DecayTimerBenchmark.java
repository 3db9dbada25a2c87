package io.leadflow.cli.bench;

import io.leadflow.avro.DecayingValue;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStage;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import io.leadflow.scoring.DecayDueIndex;
import io.leadflow.scoring.ScoringConfig;
import io.leadflow.scoring.ScoringTopology;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The scoring stream's decay timer with many leads stored: its cost must follow the leads that are due, not the
 * leads stored (DESIGN.md choice 3). Runs the real topology and RocksDB stores in-process, fills the stores
 * directly, then times single timer runs with none due and with some due.
 */
public final class DecayTimerBenchmark {

  private final int leads;
  private final int due;
  private final int repeats;
  private final PrintStream out;

  public DecayTimerBenchmark(int leads, int due, int repeats, PrintStream out) {
    this.leads = leads;
    this.due = due;
    this.repeats = repeats;
    this.out = out;
  }

  /** Median milliseconds of one timer run: with nothing due, and with {@code due} leads due. */
  public record Result(double noneDueMillis, double someDueMillis) {}

  public Result run() throws Exception {
    Instant t0 = Instant.parse("2026-01-05T09:00:00Z");
    ScoringConfig config = ScoringConfig.from(LayeredConfig.defaults().with("scoring.decay-check-interval", "1m"));
    Properties props = StreamsSettings.base("scoring-timer-bench", Topics.SCORING_DLQ.name(), LayeredConfig.defaults());
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("scoring-timer-bench").toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(config), props, t0)) {
      KeyValueStore<String, LeadScoreState> states = driver.getKeyValueStore(ScoringTopology.LEAD_SCORE_STATE_STORE);
      DecayDueIndex index = new DecayDueIndex(driver.getKeyValueStore(ScoringTopology.DECAY_DUE_INDEX_STORE));
      out.printf("filling: %,d MQL leads, each filed in the due-index a year ahead (untimed)%n", leads);
      Instant farAhead = t0.plus(Duration.ofDays(365));
      for (int i = 0; i < leads; i++) {
        String leadId = String.format("lead-%07d", i);
        states.put(leadId, mqlLead(leadId, t0, farAhead));
        index.add(farAhead, leadId);
      }

      List<Double> noneDue = new ArrayList<>();
      for (int r = 0; r < repeats; r++) {
        noneDue.add(timeOneTimerRun(driver));
      }
      List<Double> someDue = new ArrayList<>();
      for (int r = 0; r < repeats; r++) {
        Instant soon = t0.plus(Duration.ofMinutes(5L * (r + 1)));
        for (int i = 0; i < due; i++) {
          String leadId = String.format("lead-%07d", r * due + i);
          states.put(leadId, mqlLead(leadId, t0, soon));
          index.add(soon, leadId);
        }
        someDue.add(timeOneTimerRun(driver));
      }
      return new Result(median(noneDue), median(someDue));
    }
  }

  /** Advances the wall clock by one check interval, which runs the timer once; includes the driver's commit. */
  private static double timeOneTimerRun(TopologyTestDriver driver) {
    long start = System.nanoTime();
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    return (System.nanoTime() - start) / 1e6;
  }

  /** An MQL lead with 60 intent points (decays to the MQL floor in about six days). */
  private static LeadScoreState mqlLead(String leadId, Instant at, Instant due) {
    return LeadScoreState.newBuilder()
        .setLeadId(leadId)
        .setFitScore(0)
        .setFitRulesFired(List.of())
        .setSignals(Map.of("intent", DecayingValue.newBuilder().setValue(60).setReferenceTime(at).build()))
        .setOnceRulesFired(List.of())
        .setDailyPoints(Map.of())
        .setStage(LeadStage.MQL)
        .setAnnouncedStage(LeadStage.MQL)
        .setDowngradeDueAt(due)
        .setLastEventAt(at)
        .build();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
