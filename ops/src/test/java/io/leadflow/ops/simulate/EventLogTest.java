package io.leadflow.ops.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.Rep;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

  private static final String GOOD = """
      {"kind":"lead","eventId":"e1","leadId":"l1","type":"PROFILE","occurredAt":"2026-11-02T09:00:00Z","profile":{"email":"a@b.de"}}
      """;

  private static List<SimulationEvent> read(String text) throws IOException {
    return EventLog.read(new StringReader(text), "events.jsonl");
  }

  @Test
  void readsRecordsWithTheirTopicKeyAndTimeInTimeOrder() throws IOException {
    List<SimulationEvent> events = read("""
        {"kind":"rep","at":"2026-11-02T10:00:00Z","repId":"r1","name":"Rita","available":false}

        // comments and blank lines are skipped
        """ + GOOD);
    assertThat(events).extracting(SimulationEvent::line).containsExactly(4L, 1L);
    assertThat(events.get(0).key()).isEqualTo("l1");
    assertThat(((LeadEvent) events.get(0).value()).getProfile().getEmail()).isEqualTo("a@b.de");
    assertThat(events.get(1).at()).isEqualTo(java.time.Instant.parse("2026-11-02T10:00:00Z").toEpochMilli());
    assertThat(((Rep) events.get(1).value()).getAvailable()).isFalse();
  }

  @Test
  void aMalformedLineNamesTheFileTheLineAndTheField() {
    assertThatThrownBy(() -> read(GOOD + """
        {"kind":"lead","eventId":"e2","leadId":"l1","type":"PROFILE","occurredAt":"yesterday"}
        """)).isInstanceOf(SimulationInputException.class)
        .hasMessageStartingWith("events.jsonl:2: field 'occurredAt': expected an ISO-8601 instant");
    assertThatThrownBy(() -> read("""
        {"kind":"outcome","outcomeId":"o","leadId":"l1","type":"SIGNED","occurredAt":0}
        """)).hasMessageStartingWith("events.jsonl:1: field 'type': expected one of [UNKNOWN, CONTACTED");
    assertThatThrownBy(() -> read("""
        {"kind":"lead","eventId":"e2","type":"PROFILE","occurredAt":0}
        """)).hasMessage("events.jsonl:1: field 'leadId': is required");
    assertThatThrownBy(() -> read("""
        {"kind":"lead","eventId":"e2","leadId":"l","type":"PROFILE","occurredAt":0,"profile":{"emial":"x"}}
        """)).hasMessageStartingWith("events.jsonl:1: field 'profile.emial': unknown field");
    assertThatThrownBy(() -> read("{\"kind\":\"rep\",\"repId\":\"r\",\"name\":\"R\"}"))
        .hasMessageStartingWith("events.jsonl:1: field 'at': is required for kind 'rep'");
    assertThatThrownBy(() -> read("{\"kind\":\"sale\"}")).hasMessageStartingWith("events.jsonl:1: field 'kind': expected one of lead,");
    assertThatThrownBy(() -> read("{\"kind\":\"lead\",")).hasMessageStartingWith("events.jsonl:1: not valid JSON");
  }
}
