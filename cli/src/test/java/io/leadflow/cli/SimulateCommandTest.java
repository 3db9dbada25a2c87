package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code leadflow simulate} and {@code leadflow backtest} on the documented example (examples/simulate). */
class SimulateCommandTest {

  private static final Path EXAMPLE = Path.of("../examples/simulate");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    CommandLine cli = LeadflowCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void simulateWritesAssignmentsAndTheSummaryTwiceTheSame() throws Exception {
    Path first = dir.resolve("first.jsonl");
    Path second = dir.resolve("second.jsonl");
    assertThat(run("simulate", "--events", EXAMPLE.resolve("events.jsonl").toString(), "--config",
        EXAMPLE.resolve("config").toString(), "--out", first.toString(), "--summary")).isZero();
    assertThat(run("simulate", "--events", EXAMPLE.resolve("events.jsonl").toString(), "--config",
        EXAMPLE.resolve("config").toString(), "--out", second.toString(), "--summary")).isZero();

    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    List<String> lines = Files.readAllLines(first);
    ObjectMapper json = new ObjectMapper();
    JsonNode summary = json.readTree(lines.get(lines.size() - 1));
    assertThat(summary.path("kind").asText()).isEqualTo("summary");
    long assignments = lines.stream().filter(l -> l.startsWith("{\"kind\":\"assignment\"")).count();
    assertThat(assignments).isPositive().isEqualTo(summary.path("outputs").path("assignment").asLong());
    // The example's claim goes to the pull-pool stage, which refuses it: its pool is push-only.
    assertThat(summary.path("unread").size()).isZero();
    assertThat(lines).filteredOn(l -> l.startsWith("{\"kind\":\"pool-event\""))
        .singleElement().asString().contains("\"type\":\"CLAIM_REJECTED\"", "not a pull pool");
    assertThat(out.toString()).contains("assignments", "leads:");
  }

  @Test
  void backtestComparesTheCurrentConfigWithCandidates() throws Exception {
    Path report = dir.resolve("backtest.json");
    assertThat(run("backtest", "--events", EXAMPLE.resolve("events.jsonl").toString(), "--config",
        EXAMPLE.resolve("config").toString(), "--candidate", EXAMPLE.resolve("round-robin").toString(),
        "--candidate", EXAMPLE.resolve("daily-caps").toString(), "--json", report.toString())).as(err.toString()).isZero();

    assertThat(out.toString()).contains("current", "round-robin", "daily-caps", "exp. opps", "alice");
    JsonNode policies = new ObjectMapper().readTree(report.toFile()).path("policies");
    assertThat(policies).hasSize(3);
    assertThat(policies.get(0).path("policy").asText()).isEqualTo("current");
    // Daily caps of 6 for Alice and Bob: the pool respects them (Alice: none over), but Bob owns the Granit account,
    // and an owner's leads go to him directly, uncapped by design: the backtest shows what that costs.
    assertThat(policies.get(0).path("dailyCapViolations").asLong()).isZero();
    JsonNode alice = policies.get(2).path("reps").get(0);
    JsonNode bob = policies.get(2).path("reps").get(1);
    assertThat(alice.path("repId").asText()).isEqualTo("alice");
    assertThat(alice.path("conversionRate").asDouble()).isEqualTo(0.4);
    assertThat(alice.path("dailyCapViolations").asLong()).isZero();
    assertThat(bob.path("dailyCapViolations").asLong()).isPositive()
        .isEqualTo(policies.get(2).path("dailyCapViolations").asLong());
  }

  @Test
  void aMalformedEventLineIsAClearError() throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, Files.readString(EXAMPLE.resolve("events.jsonl"))
        + "{\"kind\":\"outcome\",\"outcomeId\":\"x\",\"leadId\":\"l\",\"type\":\"CONTACTED\",\"occurredAt\":\"soon\"}\n");
    long lines = Files.readAllLines(events).size();
    assertThat(run("simulate", "--events", events.toString(), "--config", EXAMPLE.resolve("config").toString(),
        "--out", dir.resolve("out.jsonl").toString())).isEqualTo(2);
    assertThat(err.toString()).contains(events + ":" + lines + ": field 'occurredAt': expected an ISO-8601 instant");
  }
}
