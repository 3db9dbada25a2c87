package io.leadflow.cli;

import io.leadflow.ops.explain.LeadExplanation;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leadflow explain LEAD}: the lead's scores, stage changes, routing decisions and outcomes. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Why a lead went where it went: score history, stage changes, every assignment with its routing "
        + "decision (candidates, skipped reps, fallback), SLA re-routes and outcomes.")
public final class ExplainCommand implements Callable<Integer> {

  @Parameters(paramLabel = "LEAD", description = "Lead id (the key of the lead topics).")
  String leadId;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    LayeredConfig config = options.load();
    LeadExplanation explanation = LeadExplanation.of(leadId,
        TopicSnapshot.readAll(config, Topics.LEAD_STAGE_CHANGES, leadId),
        TopicSnapshot.readAll(config, Topics.LEAD_SCORES, leadId),
        TopicSnapshot.readAll(config, Topics.LEAD_ASSIGNMENTS, leadId),
        TopicSnapshot.readAll(config, Topics.LEAD_OUTCOMES, leadId));
    PrintWriter out = spec.commandLine().getOut();
    out.print(explanation);
    out.flush();
    if (explanation.isEmpty()) {
      spec.commandLine().getErr().println("no records for lead " + leadId);
      return 1;
    }
    return 0;
  }
}
