package io.leadflow.cli;

import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import io.leadflow.cli.data.RepsCsv;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leadflow reps export|import}: seed 000's spreadsheet workflow for the whole team (export, edit the
 * weights and fields in a spreadsheet, import). See docs/RECALIBRATE.md for the CSV columns.
 */
@Command(name = "reps", mixinStandardHelpOptions = true,
    description = "Export the team to CSV and import an edited CSV (seed 000 bulk weight update).",
    subcommands = {RepsCommand.Export.class, RepsCommand.Import.class})
final class RepsCommand {

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write the reps topic (with the effective weight from rep-weights) as CSV.")
  static final class Export implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", defaultValue = "-", description = "CSV file to write; - for stdout (default).")
    String out;

    @Mixin ConfigOptions options;

    @Override
    public Integer call() throws IOException {
      LayeredConfig config = options.load();
      Map<String, Rep> reps = TopicSnapshot.latest(config, Topics.REPS, System.err);
      Map<String, RepWeight> weights = TopicSnapshot.latest(config, Topics.REP_WEIGHTS, System.err);
      if (out.equals("-")) {
        Writer writer = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        RepsCsv.write(writer, reps.values(), weights);
        writer.flush();
      } else {
        try (Writer writer = Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
          RepsCsv.write(writer, reps.values(), weights);
        }
        System.err.printf("wrote %d reps to %s%n", reps.size(), out);
      }
      return 0;
    }
  }

  @Command(name = "import",
      description = "Validate every row of a reps CSV (errors name file, line and field; nothing is published if any "
          + "row is bad), then publish the changed Rep records and, for changed weights, RepWeight records with model admin.")
  static final class Import implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "FILE") Path file;

    @Option(names = "--dry-run", description = "Validate and show what would change; publish nothing.")
    boolean dryRun;

    @Option(names = "--version", paramLabel = "V", description = "Version on the admin RepWeight records (default: admin-<UTC time>).")
    String version;

    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      List<RepsCsv.Row> rows = RepsCsv.read(file);
      LayeredConfig config = options.load();
      Map<String, Rep> reps = TopicSnapshot.latest(config, Topics.REPS, System.err);
      Map<String, RepWeight> weights = TopicSnapshot.latest(config, Topics.REP_WEIGHTS, System.err);
      List<RepsCsv.Change> changes = RepsCsv.plan(rows, reps, weights);
      int repChanges = 0;
      int weightChanges = 0;
      for (RepsCsv.Change change : changes) {
        StringBuilder line = new StringBuilder();
        if (change.isNew()) {
          line.append("new rep");
        } else if (change.repChanged()) {
          line.append("changed ").append(String.join(", ", change.changedFields()));
        }
        if (change.weightChanged()) {
          line.append(line.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "weight %s -> %s (admin)",
              change.weightBefore() == null ? "-" : num(change.weightBefore()),
              num(change.weightAfter())));
        }
        if (line.length() > 0) {
          System.out.println("  " + change.repId() + ": " + line);
        }
        repChanges += change.repChanged() ? 1 : 0;
        weightChanges += change.weightChanged() ? 1 : 0;
      }
      if (dryRun) {
        System.out.printf("dry run: %d rows valid, %d rep record(s) and %d weight(s) would change; nothing published%n",
            rows.size(), repChanges, weightChanges);
        return 0;
      }
      String v = version != null ? version
          : "admin-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
      Instant at = Instant.now();
      try (RecordPublisher publisher = new RecordPublisher(config)) {
        long now = at.toEpochMilli();
        for (RepsCsv.Change change : changes) {
          if (change.repChanged()) {
            publisher.send(Topics.REPS, change.repId(), change.after(), now);
          }
          if (change.weightChanged()) {
            publisher.send(Topics.REP_WEIGHTS, change.repId(), RepsCsv.adminWeight(change, v, at), now);
          }
        }
        publisher.flush();
      } catch (RuntimeException e) {
        throw new ConfigException("publishing failed: " + e.getMessage(), e);
      }
      System.out.printf("published %d rep record(s) to %s and %d weight(s) (model admin, version %s) to %s%n",
          repChanges, Topics.REPS.name(), weightChanges, v, Topics.REP_WEIGHTS.name());
      return 0;
    }
  }

  private static String num(double weight) {
    return String.format(Locale.ROOT, "%.2f", weight);
  }
}
