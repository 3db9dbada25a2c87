package io.leadflow.ops.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads simulate's input, a JSON Lines event log (docs/SIMULATE.md): one event per line,
 * {@code {"kind": "lead", ...the LeadEvent's fields}}, blank lines and lines starting with {@code //} skipped.
 * Events are returned in time order; events with the same time keep their order in the file.
 */
public final class EventLog {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ENVELOPE = Set.of("kind", "at");
  private static final String KINDS = Arrays.stream(EventKind.values()).map(EventKind::jsonName)
      .collect(Collectors.joining(", "));

  private EventLog() {}

  public static List<SimulationEvent> read(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new SimulationInputException(file + ": cannot read the event log: " + e.getMessage(), e);
    }
  }

  public static List<SimulationEvent> read(Reader reader, String name) throws IOException {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    List<SimulationEvent> events = new ArrayList<>();
    String line;
    long number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("//")) {
        continue;
      }
      events.add(parse(trimmed, name, number));
    }
    events.sort(Comparator.comparingLong(SimulationEvent::at).thenComparingLong(SimulationEvent::line));
    return events;
  }

  /** One line; {@code name} and {@code number} only go into error messages. */
  public static SimulationEvent parse(String line, String name, long number) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new SimulationInputException(name + ":" + number + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new SimulationInputException(name + ":" + number + ": expected a JSON object");
    }
    JsonNode kindNode = node.get("kind");
    if (kindNode == null || !kindNode.isTextual()) {
      throw new SimulationInputException(name + ":" + number + ": field 'kind' is required (one of " + KINDS + ")");
    }
    EventKind kind = EventKind.byJsonName(kindNode.asText()).orElseThrow(() -> new SimulationInputException(
        name + ":" + number + ": field 'kind': expected one of " + KINDS + ", got '" + kindNode.asText() + "'"));
    try {
      SpecificRecord value = AvroJson.read(node, kind.schema(), "", ENVELOPE);
      JsonNode at = node.get("at");
      long time;
      if (at != null && !at.isNull()) {
        time = AvroJson.instant(at, "at").toEpochMilli();
      } else {
        time = kind.ownTime(value).orElseThrow(() -> new AvroJson.FieldException("at",
            "is required for kind '" + kind.jsonName() + "' (it has no time of its own)")).toEpochMilli();
      }
      return SimulationEvent.of(kind, time, value, number);
    } catch (AvroJson.FieldException e) {
      throw new SimulationInputException(name + ":" + number + ": field '" + e.path + "': " + e.getMessage());
    }
  }
}
