package io.leadflow.cli;

import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import io.leadflow.cli.data.ActivityFiles;
import io.leadflow.cli.data.RepsFile;
import io.leadflow.ops.recalibrate.MaxChange;
import io.leadflow.ops.recalibrate.RecalibrationOptions;
import io.leadflow.ops.recalibrate.Recalibration;
import io.leadflow.ops.recalibrate.RecalibrationRow;
import io.leadflow.ops.recalibrate.RepPerformance;
import io.leadflow.ops.recalibrate.RepPerformance.Assignment;
import io.leadflow.ops.recalibrate.RepPerformance.Outcome;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.rules.WeightModel;
import io.leadflow.routing.rules.WeightSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leadflow recalibrate}: seed 000's "Dynamische Gewichtsanpassung". Measures each rep's lead → opportunity
 * rate over a rolling window, computes new weights with a seed formula and the guardrails, prints the diff table
 * and the triggers, and with {@code --apply} publishes versioned RepWeight records to rep-weights. See
 * docs/RECALIBRATE.md.
 */
@Command(name = "recalibrate",
    description = {"Recompute rep weights from measured conversion (seed 000 dynamic weights): a dry run printing the "
        + "diff table and triggers, or --apply to publish versioned RepWeight records to rep-weights."})
final class RecalibrateCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--from-files", arity = "2", paramLabel = "FILE",
      description = "Assignments and outcomes files (JSON Lines or CSV: leadId, repId, assignedAt / leadId, type, "
          + "occurredAt) instead of the lead-assignments and lead-outcomes topics.")
  List<Path> fromFiles;

  @Option(names = "--reps", paramLabel = "FILE",
      description = "The team as a reps YAML file (examples/reps.yaml) instead of the reps topic.")
  Path repsFile;

  @Option(names = "--model", defaultValue = "clamped", converter = ModelConverter.class,
      description = "normalized, capped, clamped, sqrt, percentile, proportional, stepped or composite (default: ${DEFAULT-VALUE}).")
  WeightModel model;

  @Option(names = "--window", defaultValue = "90d", converter = WindowConverter.class,
      description = "Rolling window ending at --as-of: 90d, 12w, 720h or ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(names = "--as-of", paramLabel = "INSTANT", description = "End of the window (default: now), e.g. 2026-11-01T00:00:00Z.")
  Instant asOf;

  @Option(names = "--min-sample", defaultValue = "100",
      description = "Leads a rep needs in the window; below it the current weight is kept (default: ${DEFAULT-VALUE}).")
  int minSample;

  @Option(names = "--max-change", defaultValue = "0.3",
      description = "Largest move per cycle: absolute (0.3), share of the current weight (30%%) or none (default: ${DEFAULT-VALUE}).")
  String maxChange;

  @Option(names = "--floor", description = "Minimum weight after the model (default: none; the seed suggests 0.5).")
  Double floor;

  @Option(names = "--clamp-min", defaultValue = "0.5", description = "clamped: lower bound (default: ${DEFAULT-VALUE}).")
  double clampMin;

  @Option(names = "--clamp-max", defaultValue = "2.0", description = "clamped: upper bound (default: ${DEFAULT-VALUE}).")
  double clampMax;

  @Option(names = "--cap", defaultValue = "2.0", description = "capped: upper bound (default: ${DEFAULT-VALUE}).")
  double cap;

  @Option(names = "--probation", defaultValue = "standard",
      description = "What reps on probation get: standard (1.0) or keep (current weight) (default: ${DEFAULT-VALUE}).")
  String probation;

  @Option(names = "--probation-days", defaultValue = "90", description = "Probation length from the start date; 0 = off (default: ${DEFAULT-VALUE}).")
  int probationDays;

  @Option(names = "--rate-trigger", defaultValue = "20%",
      description = "Relative move of a rep's rate since the previous cycle that flags RATE_MOVED: 20%% or 0.2 (default: ${DEFAULT-VALUE}).")
  String rateTrigger;

  @Option(names = "--apply", description = "Publish the new weights to rep-weights (default: dry run).")
  boolean apply;

  @Option(names = "--version", paramLabel = "V", description = "Version stamped on the RepWeight records (default: recal-<as-of date>).")
  String version;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    Instant end = asOf != null ? asOf : Instant.now();
    RecalibrationOptions recalibration = recalibrationOptions();
    LayeredConfig config = options.load();
    boolean useCluster = fromFiles == null || options.hasBootstrapServers() || apply;
    PrintStream err = System.err;

    List<Assignment> assignments;
    List<Outcome> outcomes;
    if (fromFiles != null) {
      assignments = ActivityFiles.assignments(fromFiles.get(0));
      outcomes = ActivityFiles.outcomes(fromFiles.get(1));
    } else {
      assignments = TopicSnapshot.values(config, Topics.LEAD_ASSIGNMENTS, err).stream().map(Assignment::of).toList();
      outcomes = TopicSnapshot.values(config, Topics.LEAD_OUTCOMES, err).stream().map(Outcome::of).toList();
    }
    List<Rep> team;
    if (repsFile != null) {
      team = RepsFile.read(repsFile);
    } else if (useCluster) {
      team = new ArrayList<>(TopicSnapshot.latest(config, Topics.REPS, err).values());
    } else {
      team = assignments.stream().map(Assignment::repId).collect(Collectors.toCollection(LinkedHashSet::new)).stream()
          .map(id -> Rep.newBuilder().setRepId(id).setName(id).build()).toList();
    }
    Map<String, RepWeight> previous = useCluster ? TopicSnapshot.latest(config, Topics.REP_WEIGHTS, err) : Map.of();

    Map<String, RepPerformance> performance = RepPerformance.measure(assignments, outcomes, end, window);
    Recalibration.Result result = Recalibration.run(team, previous, performance, end, recalibration);
    System.out.print(table(result));

    if (apply) {
      String v = version != null ? version : "recal-" + LocalDate.ofInstant(end, ZoneOffset.UTC);
      List<RepWeight> records = result.toRepWeights(v, Instant.now());
      try (RecordPublisher publisher = new RecordPublisher(config)) {
        long now = System.currentTimeMillis();
        for (RepWeight record : records) {
          publisher.send(Topics.REP_WEIGHTS, record.getRepId(), record, now);
        }
        publisher.flush();
      }
      System.out.printf("published %d weights (model %s, version %s) to %s%n", records.size(), model.configName(), v,
          Topics.REP_WEIGHTS.name());
    } else {
      System.out.println("dry run: nothing published (add --apply to publish to " + Topics.REP_WEIGHTS.name() + ")");
    }
    return 0;
  }

  RecalibrationOptions recalibrationOptions() {
    try {
      WeightSettings settings = WeightSettings.defaults(model).withFloor(floor).withClamp(clampMin, clampMax)
          .withCap(cap).withProbationDays(probationDays);
      return new RecalibrationOptions(settings, window, minSample, MaxChange.parse(maxChange),
          RecalibrationOptions.Probation.valueOf(probation.strip().toUpperCase(Locale.ROOT)), share(rateTrigger));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("recalibrate: " + (e.getMessage() != null && e.getMessage().startsWith("No enum")
          ? "--probation must be standard or keep, was '" + probation + "'" : e.getMessage()), e);
    }
  }

  private static double share(String text) {
    String t = text.strip();
    try {
      return t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100 : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--rate-trigger must be a share like 20% or 0.2, was '" + text + "'");
    }
  }

  /** The dry-run table: one line per rep, the removed reps, then the summary and triggers. */
  static String table(Recalibration.Result result) {
    StringBuilder out = new StringBuilder();
    RecalibrationOptions o = result.options();
    out.append(String.format(Locale.ROOT, "recalibration: model %s, window %s ending %s, min sample %d, max change %s%n",
        o.settings().model().configName(), days(o.window()), result.windowEnd(), o.minSample(), o.maxChange()));
    out.append(String.format(Locale.ROOT, "team average lead->opportunity rate: %s%n%n",
        result.teamAverageRate() == null ? "n/a (nobody past probation with enough leads)" : pct(result.teamAverageRate())));
    String format = "%-16s %6s %6s %7s %9s %7s %7s %7s %7s  %s%n";
    out.append(String.format(Locale.ROOT, format, "rep", "leads", "opps", "rate", "prev rate", "move", "current", "new",
        "change", "flags"));
    List<RecalibrationRow> all = new ArrayList<>(result.rows());
    all.addAll(result.removed());
    for (RecalibrationRow row : all) {
      Double move = row.rateMove();
      out.append(String.format(Locale.ROOT, format, row.repId(), row.performance().leads(),
          row.performance().opportunities(), row.rateNow() == null ? "-" : pct(row.rateNow()),
          row.ratePrevious() == null ? "-" : pct(row.ratePrevious()),
          move == null ? "-" : String.format(Locale.ROOT, "%+.0f%%", move * 100),
          String.format(Locale.ROOT, "%.2f", row.currentWeight()), String.format(Locale.ROOT, "%.2f", row.newWeight()),
          String.format(Locale.ROOT, "%+.2f", row.change()),
          row.flags().stream().sorted().map(Enum::name).collect(Collectors.joining(","))));
    }
    out.append(System.lineSeparator());
    for (RecalibrationRow row : result.rows()) {
      out.append("  ").append(row.repId()).append(": ").append(row.explanation()).append(System.lineSeparator());
    }
    Map<String, List<String>> triggers = new TreeMap<>();
    if (!result.rateMoved().isEmpty()) {
      triggers.put("rate moved more than " + Math.round(o.rateTrigger() * 100) + "%", result.rateMoved());
    }
    if (!result.added().isEmpty()) {
      triggers.put("new reps", result.added());
    }
    if (!result.removedIds().isEmpty()) {
      triggers.put("removed reps", result.removedIds());
    }
    out.append(System.lineSeparator());
    if (triggers.isEmpty()) {
      out.append("triggers: none").append(System.lineSeparator());
    } else {
      out.append("triggers:").append(System.lineSeparator());
      triggers.forEach((what, ids) -> out.append("  ").append(what).append(": ").append(String.join(", ", ids))
          .append(System.lineSeparator()));
    }
    return out.toString();
  }

  private static String pct(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static String days(Duration window) {
    return window.toHours() % 24 == 0 ? window.toDays() + "d" : window.toString();
  }

  static final class ModelConverter implements ITypeConverter<WeightModel> {
    @Override
    public WeightModel convert(String value) {
      return WeightModel.fromConfigName(value);
    }
  }

  /** 90d, 12w, or anything {@link DurationConverter} takes (720h, PT2160H, P90D). */
  static final class WindowConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      if (v.matches("\\d+d")) {
        return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      if (v.matches("\\d+w")) {
        return Duration.ofDays(7 * Long.parseLong(v.substring(0, v.length() - 1)));
      }
      if (v.matches("p\\d+d")) {
        return Duration.ofDays(Long.parseLong(v.substring(1, v.length() - 1)));
      }
      return new DurationConverter().convert(value);
    }
  }
}
