package io.leadflow.ops.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes simulate's output as JSON Lines (docs/SIMULATE.md): {@code {"kind": "assignment", "at": "…", …the record's
 * fields}} per line, fields in schema order, no wall-clock values, so two runs of one log give identical bytes.
 * The {@code lead} snapshot inside assignments and stage changes is left out (the lead id is there).
 */
public final class OutputWriter implements Consumer<SimulationOutput>, AutoCloseable {

  private static final Set<String> OMIT = Set.of("lead");

  private final JsonGenerator json;

  public OutputWriter(Writer out) {
    try {
      this.json = new JsonFactory().createGenerator(out);
      json.setRootValueSeparator(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void accept(SimulationOutput output) {
    try {
      json.writeStartObject();
      json.writeStringField("kind", output.kind());
      json.writeStringField("at", Instant.ofEpochMilli(output.at()).toString());
      if (output.value() != null) {
        AvroJson.writeFields(json, output.value(), OMIT);
      } else {
        if (output.key() != null) {
          json.writeStringField("key", output.key());
        }
        json.writeStringField("topic", output.topic());
        json.writeStringField("reason", output.reason());
      }
      json.writeEndObject();
      json.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The summary as the last line, {@code {"kind": "summary", …}}. */
  public void summary(SimulationSummary summary) {
    try {
      json.writeStartObject();
      json.writeStringField("kind", "summary");
      counts("events", summary.events());
      counts("unread", summary.unread());
      counts("outputs", summary.outputs());
      json.writeNumberField("leads", summary.leads());
      json.writeNumberField("leadsAssigned", summary.leadsAssigned());
      counts("assignmentsPerRep", summary.assignmentsPerRep());
      if (summary.firstEventAt() != null) {
        json.writeStringField("firstEventAt", summary.firstEventAt().toString());
        json.writeStringField("lastEventAt", summary.lastEventAt().toString());
      }
      json.writeEndObject();
      json.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void counts(String field, Map<String, Long> counts) throws IOException {
    json.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      json.writeNumberField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
  }

  @Override
  public void close() {
    try {
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
