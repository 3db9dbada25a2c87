package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code leadflow recalibrate --from-files} without a broker: the dry-run table, options and file errors. */
class RecalibrateCommandTest {

  private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void aDryRunFromFilesPrintsTheDiffTableAndPublishesNothing(@TempDir Path dir) throws Exception {
    Path[] files = activity(dir, 40, 25, 10);

    Output out = run("recalibrate", "--from-files", files[0].toString(), files[1].toString(), "--as-of", END.toString(),
        "--model", "normalized", "--max-change", "none");

    assertThat(out.exit).as(out.err).isZero();
    assertThat(out.out)
        .contains("recalibration: model normalized, window 90d ending 2026-11-01T00:00:00Z, min sample 100, max change none")
        .contains("team average lead->opportunity rate: 25.0%")
        .containsPattern("alice\\s+100\\s+40\\s+40\\.0%\\s+-\\s+-\\s+1\\.00\\s+1\\.60\\s+\\+0\\.60")
        .containsPattern("carol\\s+100\\s+10\\s+10\\.0%\\s+-\\s+-\\s+1\\.00\\s+0\\.40\\s+-0\\.60")
        .contains("alice: normalized 0.40/0.25=1.60")
        .contains("triggers: none")
        .contains("dry run: nothing published");
  }

  @Test
  void guardrailsShowAsFlags(@TempDir Path dir) throws Exception {
    Path[] files = activity(dir, 40, 25, 10);

    Output out = run("recalibrate", "--from-files", files[0].toString(), files[1].toString(), "--as-of", END.toString(),
        "--min-sample", "100", "--max-change", "0.3", "--window", "90d");

    assertThat(out.exit).as(out.err).isZero();
    assertThat(out.out)
        .containsPattern("alice\\s+.*1\\.00\\s+1\\.30\\s+\\+0\\.30\\s+MAX_CHANGE_CAPPED")
        .containsPattern("carol\\s+.*1\\.00\\s+0\\.70\\s+-0\\.30\\s+MAX_CHANGE_CAPPED");

    Output small = run("recalibrate", "--from-files", files[0].toString(), files[1].toString(), "--as-of", END.toString(),
        "--min-sample", "101");
    assertThat(small.out).containsPattern("alice\\s+.*1\\.00\\s+1\\.00\\s+\\+0\\.00\\s+BELOW_MIN_SAMPLE");
  }

  @Test
  void aShorterWindowDropsOlderActivity(@TempDir Path dir) throws Exception {
    Path[] files = activity(dir, 40, 25, 10); // 38 of the 100 leads lie within 30 days

    Output out = run("recalibrate", "--from-files", files[0].toString(), files[1].toString(), "--as-of", END.toString(),
        "--window", "30d", "--min-sample", "1");

    assertThat(out.out).contains("window 30d").containsPattern("alice\\s+38\\s+38\\s");
  }

  @Test
  void aBadActivityFileNamesFileLineAndField(@TempDir Path dir) throws Exception {
    Path assignments = dir.resolve("assignments.jsonl");
    Files.writeString(assignments, "{\"leadId\":\"l1\",\"repId\":\"alice\",\"assignedAt\":\"2026-10-01T00:00:00Z\"}\n"
        + "{\"leadId\":\"l2\",\"repId\":\"alice\",\"assignedAt\":\"yesterday\"}\n");
    Path outcomes = dir.resolve("outcomes.jsonl");
    Files.writeString(outcomes, "{\"leadId\":\"l1\",\"type\":\"WONN\",\"occurredAt\":\"2026-10-02T00:00:00Z\"}\n");

    Output out = run("recalibrate", "--from-files", assignments.toString(), outcomes.toString());

    assertThat(out.exit).isEqualTo(2);
    assertThat(out.err).contains(assignments + ":2: field 'assignedAt': expected an ISO-8601 instant");
  }

  @Test
  void badOptionsAreRejected(@TempDir Path dir) throws Exception {
    Path[] files = activity(dir, 40, 25, 10);
    assertThat(run("recalibrate", "--from-files", files[0].toString(), files[1].toString(), "--model", "tier").err)
        .contains("needs a performance model");
    assertThat(run("recalibrate", "--from-files", files[0].toString(), files[1].toString(), "--max-change", "lots").err)
        .contains("expected an absolute step like 0.3");
    assertThat(run("recalibrate", "--from-files", files[0].toString(), files[1].toString(), "--probation", "maybe").err)
        .contains("--probation must be standard or keep");
  }

  @Test
  void helpListsEveryOption() {
    Output help = run("recalibrate", "--help");
    assertThat(help.exit).isZero();
    assertThat(help.out).contains("--from-files", "--reps", "--model", "--window", "--as-of", "--min-sample",
        "--max-change", "--floor", "--clamp-min", "--clamp-max", "--cap", "--probation", "--probation-days",
        "--rate-trigger", "--apply", "--version", "--bootstrap-servers", "(default: 90d)", "(default: 0.3)");
    Output reps = run("reps", "import", "--help");
    assertThat(reps.out).contains("--dry-run", "--version");
  }

  @Test
  void windowsAcceptDaysWeeksAndDurations() {
    RecalibrateCommand.WindowConverter converter = new RecalibrateCommand.WindowConverter();
    assertThat(converter.convert("90d")).isEqualTo(Duration.ofDays(90));
    assertThat(converter.convert("12w")).isEqualTo(Duration.ofDays(84));
    assertThat(converter.convert("P30D")).isEqualTo(Duration.ofDays(30));
    assertThat(converter.convert("720h")).isEqualTo(Duration.ofDays(30));
  }

  /** 100 leads each for alice, bob, carol, one every 19 hours going back from the end (78 days), with the given opportunity counts. */
  static Path[] activity(Path dir, int... opportunities) throws Exception {
    String[] reps = {"alice", "bob", "carol"};
    List<String> assignments = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    for (int r = 0; r < reps.length; r++) {
      for (int i = 0; i < 100; i++) {
        String lead = reps[r] + "-" + i;
        Instant at = END.minus(Duration.ofHours(19L * i + 1)).plusSeconds(r);
        assignments.add("{\"leadId\":\"" + lead + "\",\"repId\":\"" + reps[r] + "\",\"assignedAt\":\"" + at + "\"}");
        if (i < opportunities[r]) {
          outcomes.add("{\"leadId\":\"" + lead + "\",\"type\":\"OPPORTUNITY\",\"occurredAt\":\"" + at.plusSeconds(1800) + "\"}");
        }
      }
    }
    Path a = dir.resolve("assignments.jsonl");
    Path o = dir.resolve("outcomes.jsonl");
    Files.write(a, assignments);
    Files.write(o, outcomes);
    return new Path[] {a, o};
  }

  record Output(int exit, String out, String err) {}

  static Output run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = LeadflowCli.commandLine();
      StringWriter err = new StringWriter();
      cli.setErr(new PrintWriter(err));
      cli.setOut(new PrintWriter(System.out, true));
      int exit = cli.execute(args);
      cli.getOut().flush();
      return new Output(exit, bytes.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }
}
