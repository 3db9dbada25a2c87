package io.leadflow.bench;

import io.leadflow.routing.rules.Absence;
import io.leadflow.routing.rules.AbsenceKind;
import io.leadflow.routing.rules.ChairmanAssignment;
import io.leadflow.routing.rules.ComputedWeight;
import io.leadflow.routing.rules.Eligibility;
import io.leadflow.routing.rules.EligibilitySettings;
import io.leadflow.routing.rules.RepAvailability;
import io.leadflow.routing.rules.RepFacts;
import io.leadflow.routing.rules.WeightModel;
import io.leadflow.routing.rules.WeightModels;
import io.leadflow.routing.rules.WeightSettings;
import io.leadflow.routing.rules.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision in a pool of {@code reps} reps (issue goal: at least 500k decisions/s for the selection).
 *
 * <ul>
 *   <li>{@link #pick}: {@link ChairmanAssignment#pick} alone over the pool's weights and window counts.
 *   <li>{@link #decide}: the pure decision path of {@code AssignRepProcessor} for every rep: {@link
 *       Eligibility#check} (some reps on vacation, some over their caps, working hours in five zones), {@link
 *       WeightModels#compute} (clamped performance model with the seed's 0.5 floor and 90-day probation), then the
 *       pick.
 *   <li>{@link #decideCachedWeights}: as {@code decide}, with the model weights computed once outside (they only
 *       change with the reps, the rules or the day), so eligibility + pick.
 * </ul>
 *
 * <p>Every benchmark assigns the picked lead (its count goes up), so the counts evolve as in a live pool: this is
 * the steady state after {@value #PRE_ASSIGNED} leads, not the first pick. Inputs a live processor also holds
 * between decisions are built in {@link #setUp}: the {@link RepAvailability} and {@link RepFacts} records (live
 * they are rebuilt from the reps and rep-load stores), the settings, the decision time. Not measured: store
 * reads, window-count fetches, Avro, the decision record and the emit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class RoutingDecisionBenchmark {

  static final int PRE_ASSIGNED = 50_000;

  @Param("1000")
  int reps;

  /** Wednesday 13:00 UTC: 15:00 Berlin, 14:00 London, 09:00 New York, 06:00 Los Angeles (closed), 22:00 Tokyo (closed). */
  private final Instant at = Instant.parse("2026-06-10T13:00:00Z");
  private final LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
  private final EligibilitySettings eligibility = EligibilitySettings.defaults();
  private final WeightSettings weightSettings = WeightSettings.defaults(WeightModel.CLAMPED).withFloor(0.5);

  private double[] staticWeights;
  private double[] weights;
  private long[] counts;
  private List<RepAvailability> availability;
  private List<RepFacts> facts;
  private double[] cachedModelWeights;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(20261128L);
    staticWeights = new double[reps];
    weights = new double[reps];
    counts = new long[reps];
    availability = new ArrayList<>(reps);
    facts = new ArrayList<>(reps);
    String[] zones = {"Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Tokyo"};
    double[] zoneShare = {0.35, 0.25, 0.25, 0.10, 0.05};
    WorkingHours hours = WorkingHours.parse("MON-FRI 08:00-18:00");
    for (int i = 0; i < reps; i++) {
      String repId = String.format("rep-%04d", i);
      // Uneven static weights 0.5..4 (seed 000 ratios such as 3:2:2:1), skewed towards 1.
      staticWeights[i] = 0.5 + Math.floor(random.nextDouble() * random.nextDouble() * 8) / 2;
      double roll = random.nextDouble();
      List<Absence> absences = new ArrayList<>();
      if (roll < 0.05) { // on vacation now
        absences.add(new Absence(at.minus(Duration.ofDays(3)), at.plus(Duration.ofDays(4)), AbsenceKind.VACATION));
      } else if (roll < 0.07) { // in an all-day meeting
        absences.add(new Absence(at.minus(Duration.ofHours(5)), at.plus(Duration.ofHours(5)), AbsenceKind.MEETING));
      } else if (roll < 0.30) { // absences in the past and the future, not now: scanned, none covers
        absences.add(new Absence(at.minus(Duration.ofDays(30)), at.minus(Duration.ofDays(23)), AbsenceKind.VACATION));
        absences.add(new Absence(at.plus(Duration.ofDays(20)), at.plus(Duration.ofDays(27)), AbsenceKind.VACATION));
      }
      double zoneRoll = random.nextDouble();
      int zone = 0;
      for (double acc = zoneShare[0]; zoneRoll > acc && zone < zones.length - 1; acc += zoneShare[++zone]) {
        // pick the zone
      }
      long activeLeads = random.nextDouble() < 0.05 ? 55 : random.nextInt(45); // ≈ 5 % over the active cap of 50
      Integer dailyCap = random.nextDouble() < 0.2 ? 10 : null;
      long assignedToday = dailyCap != null && random.nextDouble() < 0.25 ? 10 : random.nextInt(8); // some at quota
      availability.add(new RepAvailability(repId, true, random.nextDouble() > 0.02, absences, zones[zone], hours,
          at.minus(Duration.ofHours(random.nextInt(30))), activeLeads, null, assignedToday, dailyCap,
          assignedToday * 3, null));
      LocalDate start = today.minusDays(random.nextDouble() < 0.08 ? random.nextInt(90) : 90 + random.nextInt(2_000));
      Double rate = random.nextDouble() < 0.03 ? null : 0.05 + 0.45 * random.nextDouble();
      facts.add(new RepFacts(repId, staticWeights[i], 1 + random.nextInt(3), rate, 1.0, random.nextInt(60), null, start));
    }
    List<ComputedWeight> computed = WeightModels.compute(facts, weightSettings, today);
    cachedModelWeights = new double[reps];
    for (int i = 0; i < reps; i++) {
      cachedModelWeights[i] = computed.get(i).weight();
    }
    // Steady state: counts as the rule itself left them after PRE_ASSIGNED leads.
    for (int n = 0; n < PRE_ASSIGNED; n++) {
      pick();
    }
  }

  /** The selection alone over static uneven weights; the winner's count goes up. */
  @Benchmark
  public int pick() {
    int chosen = ChairmanAssignment.pick(staticWeights, counts, reps);
    counts[chosen]++;
    return chosen;
  }

  /** Eligibility for every rep, model weights for the pool, pick; the winner's count goes up. */
  @Benchmark
  public int decide() {
    List<ComputedWeight> modelWeights = WeightModels.compute(facts, weightSettings, today);
    for (int i = 0; i < reps; i++) {
      weights[i] = Eligibility.check(availability.get(i), at, eligibility).isPresent() ? 0 : modelWeights.get(i).weight();
    }
    int chosen = ChairmanAssignment.pick(weights, counts, reps);
    counts[chosen]++;
    return chosen;
  }

  /** As {@link #decide} with the model weights cached between decisions: eligibility for every rep, pick. */
  @Benchmark
  public int decideCachedWeights() {
    for (int i = 0; i < reps; i++) {
      weights[i] = Eligibility.check(availability.get(i), at, eligibility).isPresent() ? 0 : cachedModelWeights[i];
    }
    int chosen = ChairmanAssignment.pick(weights, counts, reps);
    counts[chosen]++;
    return chosen;
  }
}
