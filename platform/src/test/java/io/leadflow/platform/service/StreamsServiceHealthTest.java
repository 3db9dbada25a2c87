package io.leadflow.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsServiceHealthTest {

  @ParameterizedTest
  @EnumSource(State.class)
  void readyOnlyWhileRunningOrRebalancing(State state) {
    boolean expected = state == State.RUNNING || state == State.REBALANCING;
    assertThat(StreamsService.health(state, false).ready()).as(state.name()).isEqualTo(expected);
    assertThat(StreamsService.health(state, true).ready()).as(state.name() + " closing").isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void deadOnlyInErrorOrWhenStoppingUnasked(State state) {
    HealthStatus unasked = StreamsService.health(state, false);
    boolean deadUnasked = state == State.ERROR || state == State.PENDING_ERROR || state == State.NOT_RUNNING
        || state == State.PENDING_SHUTDOWN;
    assertThat(unasked.live()).as(state.name()).isEqualTo(!deadUnasked);
    assertThat(unasked.state()).isEqualTo(state.name());
    // A shutdown someone asked for is not a death.
    boolean deadClosing = state == State.ERROR || state == State.PENDING_ERROR;
    assertThat(StreamsService.health(state, true).live()).as(state.name() + " closing").isEqualTo(!deadClosing);
  }
}
