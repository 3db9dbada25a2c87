package io.leadflow.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.DecayingValue;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.schemas.AvroSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreLeadProcessorTest {

  /**
   * The held lead state must iterate its signals in the order a store round trip would give (the engagement sum
   * depends on it, to the last bit): over random key sets and source orders, asDecoded equals a real Avro decode.
   */
  @Test
  void asDecodedIteratesLikeAnAvroRoundTrip() {
    AvroSerde<LeadScoreState> serde = AvroSerde.of(LeadScoreState.class);
    Random random = new Random(42);
    for (int trial = 0; trial < 500; trial++) {
      Map<String, DecayingValue> signals = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
      int size = 1 + random.nextInt(40);
      for (int i = 0; i < size; i++) {
        signals.put("signal-" + random.nextInt(500), DecayingValue.newBuilder().setValue(i).setReferenceTime(Instant.EPOCH).build());
      }
      LeadScoreState state = LeadScoreState.newBuilder().setLeadId("lead").setFitRulesFired(List.of()).setSignals(signals)
          .setOnceRulesFired(List.of()).setDailyPoints(Map.of()).setLastEventAt(Instant.EPOCH).build();
      Map<String, DecayingValue> decoded = serde.deserialize("t", serde.serialize("t", state)).getSignals();
      assertThat(new ArrayList<>(ScoreLeadProcessor.asDecoded(signals).keySet()))
          .as("trial %d", trial).isEqualTo(new ArrayList<>(decoded.keySet()));
    }
  }
}
