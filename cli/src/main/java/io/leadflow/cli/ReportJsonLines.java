package io.leadflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RoutingDecision;
import io.leadflow.avro.SkippedRep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Assignments and outcomes from JSON Lines files for {@code leadflow report} without a cluster; the shape is in
 * docs/REPORT.md. Times are ISO-8601 instants or epoch milliseconds.
 */
final class ReportJsonLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportJsonLines() {}

  static List<LeadAssignment> assignments(Path file) {
    return read(file, ReportJsonLines::assignment);
  }

  static List<LeadOutcome> outcomes(Path file) {
    return read(file, ReportJsonLines::outcome);
  }

  private static <T> List<T> read(Path file, Function<JsonNode, T> convert) {
    List<T> result = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        try {
          result.add(convert.apply(JSON.readTree(lines.get(i))));
        } catch (RuntimeException | IOException e) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  static LeadAssignment assignment(JsonNode n) {
    JsonNode d = n.path("decision");
    List<Candidate> candidates = new ArrayList<>();
    d.path("candidates").forEach(c -> candidates.add(new Candidate(required(c, "repId"),
        c.path("weight").asDouble(1.0), c.path("windowCount").asLong(0))));
    List<SkippedRep> skipped = new ArrayList<>();
    d.path("skipped").forEach(s -> skipped.add(new SkippedRep(required(s, "repId"), s.path("reason").asText(""))));
    String pool = text(n, "poolId", text(d, "poolId", "unknown"));
    return LeadAssignment.newBuilder()
        .setAssignmentId(text(n, "assignmentId", "json-" + required(n, "leadId") + "-" + required(n, "assignedAt")))
        .setLeadId(required(n, "leadId")).setRepId(required(n, "repId")).setPoolId(pool)
        .setMethod(AssignmentMethod.valueOf(text(n, "method", "UNKNOWN")))
        .setPriority(Priority.valueOf(text(n, "priority", "NORMAL")))
        .setStage(LeadStage.valueOf(text(n, "stage", "MQL")))
        .setTotalScore(n.path("totalScore").asDouble(0))
        .setDecision(RoutingDecision.newBuilder().setRuleMatched(text(d, "ruleMatched", "unknown")).setPoolId(pool)
            .setWeightModel(text(d, "weightModel", "static")).setLeadNumberInWindow(d.path("leadNumberInWindow").asLong(0))
            .setCandidates(candidates).setSkipped(skipped).setFallback(text(d, "fallback", null))
            .setConfigVersion(text(d, "configVersion", "unversioned")).build())
        .setPreviousRepId(text(n, "previousRepId", null))
        .setAssignedAt(time(n, "assignedAt"))
        .setEventTime(n.hasNonNull("eventTime") ? time(n, "eventTime") : time(n, "assignedAt"))
        .build();
  }

  static LeadOutcome outcome(JsonNode n) {
    return LeadOutcome.newBuilder()
        .setOutcomeId(text(n, "outcomeId", "json-" + required(n, "leadId") + "-" + required(n, "occurredAt")))
        .setLeadId(required(n, "leadId")).setRepId(text(n, "repId", null))
        .setType(OutcomeType.valueOf(required(n, "type"))).setReason(text(n, "reason", null))
        .setAmount(n.hasNonNull("amount") ? n.get("amount").asDouble() : null)
        .setOccurredAt(time(n, "occurredAt")).setSource(text(n, "source", null)).build();
  }

  private static String required(JsonNode n, String field) {
    if (!n.hasNonNull(field)) {
      throw new IllegalArgumentException("field '" + field + "' is required");
    }
    return n.get(field).asText();
  }

  private static String text(JsonNode n, String field, String otherwise) {
    return n.hasNonNull(field) ? n.get(field).asText() : otherwise;
  }

  private static Instant time(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is required");
    }
    return v.isNumber() ? Instant.ofEpochMilli(v.asLong()) : Instant.parse(v.asText());
  }
}
