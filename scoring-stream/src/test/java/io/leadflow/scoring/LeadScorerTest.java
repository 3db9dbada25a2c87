package io.leadflow.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.Activity;
import io.leadflow.avro.DecayingValue;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** The hot-path rewrites of LeadScorer give exactly what the straightforward versions gave. */
class LeadScorerTest {

  private final ScoringRules rules = ScoringRules.builtIn();
  private final LeadScorer scorer = new LeadScorer(rules);
  private final Random random = new Random(11);

  @Test
  void compensatedSumIsDoubleStreamSumToTheBit() {
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.MIN_VALUE, 0.0, -0.0, 1e300, -1e300, 1e-300};
    for (int trial = 0; trial < 20_000; trial++) {
      double[] values = new double[random.nextInt(8)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(20) == 0 ? specials[random.nextInt(specials.length)]
            : (random.nextDouble() - 0.4) * Math.pow(10, random.nextInt(30) - 10);
      }
      LeadScorer.CompensatedSum sum = new LeadScorer.CompensatedSum();
      for (double value : values) {
        sum.add(value);
      }
      assertThat(Double.doubleToRawLongBits(sum.result())).as("trial %d", trial)
          .isEqualTo(Double.doubleToRawLongBits(DoubleStream.of(values).sum()));
    }
  }

  @Test
  void theNanosecondSearchFindsTheSameDowngradeTimeAsTheInstantOne() {
    String[] signals = rules.signals().stream().map(ScoringRules.Signal::name).toArray(String[]::new);
    LeadStage[] stages = LeadStage.values();
    int found = 0;
    for (int trial = 0; trial < 3_000; trial++) {
      Instant from = Instant.parse("2026-01-05T09:00:00Z").plusMillis(random.nextInt(1_000_000_000))
          .plusNanos(random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
      Map<String, DecayingValue> values = new HashMap<>();
      for (String signal : signals) {
        if (random.nextBoolean()) {
          Instant reference = from.minusMillis(random.nextInt(5_000_000)).plusMillis(random.nextInt(10) == 0 ? 10_000_000 : 0);
          values.put(signal, DecayingValue.newBuilder().setValue((random.nextDouble() - 0.2) * 120).setReferenceTime(reference).build());
        }
      }
      LeadScoreState state = LeadScoreState.newBuilder().setLeadId("lead").setFitScore(random.nextInt(50))
          .setFitRulesFired(List.of()).setSignals(values).setOnceRulesFired(List.of()).setDailyPoints(Map.of())
          .setStage(random.nextInt(4) == 0 ? stages[random.nextInt(stages.length)] : random.nextBoolean() ? LeadStage.MQL : LeadStage.HOT)
          .setLastEventAt(from).build();
      Optional<Instant> fast = scorer.downgradeTime(state, from);
      assertThat(fast).as("trial %d: %s from %s", trial, state, from).isEqualTo(scorer.downgradeTimeByInstants(state, from));
      found += fast.isPresent() ? 1 : 0;
    }
    assertThat(found).as("enough states that do get downgraded").isGreaterThan(500);
  }

  @Test
  void ruleLookupMatchesTheRulesAsWritten() {
    String[] types = {"page_view", "visit", "demo_request", "pricing_page", "form_submit", "webinar", "email_click",
        "email_open", "chat", "Page_View"};
    String[] urls = {null, "", "https://x.test/Pricing", "https://x.test/KARRIERE/jobs", "https://x.test/presse", "https://x.test/blog"};
    for (int trial = 0; trial < 5_000; trial++) {
      Activity activity = Activity.newBuilder().setType(types[random.nextInt(types.length)])
          .setUrl(urls[random.nextInt(urls.length)])
          .setDurationSeconds(random.nextInt(4) == 0 ? null : random.nextInt(400)).build();
      Optional<ScoringRules.ActivityRule> expected = rules.activities().stream().filter(rule -> asWritten(rule, activity)).findFirst();
      assertThat(scorer.ruleFor(activity)).as("%s", activity).isEqualTo(expected);
    }
  }

  /** The matcher before the rules were compiled. */
  private static boolean asWritten(ScoringRules.ActivityRule rule, Activity activity) {
    if (rule.type() != null && !rule.type().equals(activity.getType())) {
      return false;
    }
    if (rule.urlContains() != null) {
      String url = activity.getUrl() == null ? "" : activity.getUrl().toLowerCase(Locale.ROOT);
      if (rule.urlContains().stream().noneMatch(fragment -> url.contains(fragment.toLowerCase(Locale.ROOT)))) {
        return false;
      }
    }
    if (rule.minDuration() != null) {
      Integer seconds = activity.getDurationSeconds();
      return seconds != null && seconds >= rule.minDurationValue().toSeconds();
    }
    return true;
  }

  @Test
  void engagementIsTheSumOfTheDecayedSignals() {
    Instant at = Instant.parse("2026-02-01T00:00:00Z");
    Map<String, DecayingValue> values = Map.of(
        "intent", DecayingValue.newBuilder().setValue(40).setReferenceTime(at.minus(Duration.ofDays(14))).build(),
        "negative", DecayingValue.newBuilder().setValue(-15).setReferenceTime(at).build());
    LeadScoreState state = LeadScoreState.newBuilder().setLeadId("lead").setFitRulesFired(List.of()).setSignals(values)
        .setOnceRulesFired(List.of()).setDailyPoints(Map.of()).setLastEventAt(at).build();
    assertThat(scorer.engagementAt(state, at)).isEqualTo(20 - 15.0);
  }
}
