package io.leadflow.cli;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.ops.report.HtmlReport;
import io.leadflow.ops.report.KpiReport;
import io.leadflow.ops.report.ReportOptions;
import io.leadflow.ops.report.TextReport;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code leadflow report}: distribution KPIs and gaming signals (docs/REPORT.md). */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Distribution KPIs (leads per rep, spread, latency, response time, conversion, fallback rate) and "
        + "gaming signals over lead-assignments and lead-outcomes, or over JSON Lines files (docs/REPORT.md).")
public final class ReportCommand implements Callable<Integer> {

  @Option(names = "--from", paramLabel = "DATE", description = "First day (UTC, yyyy-mm-dd), inclusive.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last day (UTC, yyyy-mm-dd), inclusive.")
  LocalDate to;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report.")
  Path html;

  @Option(names = "--assignments", paramLabel = "FILE", description = "JSON Lines of assignments instead of the cluster.")
  Path assignmentsFile;

  @Option(names = "--outcomes", paramLabel = "FILE", description = "JSON Lines of outcomes (with --assignments).")
  Path outcomesFile;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if ((assignmentsFile == null) != (outcomesFile == null)) {
      throw new ParameterException(spec.commandLine(), "--assignments and --outcomes go together");
    }
    List<LeadAssignment> assignments;
    List<LeadOutcome> outcomes;
    if (assignmentsFile != null) {
      assignments = ReportJsonLines.assignments(assignmentsFile);
      outcomes = ReportJsonLines.outcomes(outcomesFile);
    } else {
      LayeredConfig config = options.load();
      assignments = TopicSnapshot.readAll(config, Topics.LEAD_ASSIGNMENTS);
      outcomes = TopicSnapshot.readAll(config, Topics.LEAD_OUTCOMES);
    }
    Instant fromTime = from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant toTime = to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    KpiReport report = KpiReport.compute(assignments, outcomes, ReportOptions.defaults().withPeriod(fromTime, toTime));
    PrintWriter out = spec.commandLine().getOut();
    out.print(TextReport.render(report));
    if (html != null) {
      Files.writeString(html, HtmlReport.render(report));
      out.println("wrote " + html);
    }
    out.flush();
    return 0;
  }
}
