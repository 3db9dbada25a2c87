package io.leadflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.platform.config.LayeredConfig;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  @Test
  void theBuilderRefusesUnnamedInternalTopics() {
    StreamsBuilder builder = StreamsSettings.namedResourcesBuilder();
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).repartition().to("out");

    assertThatThrownBy(builder::build).hasMessageContaining("repartition");
  }

  @Test
  void aNamedRepartitionIsFine() {
    StreamsBuilder builder = StreamsSettings.namedResourcesBuilder();
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"))
        .repartition(Repartitioned.as("by-key")).to("out");

    assertThat(builder.build().describe().toString()).contains("by-key");
  }

  @Test
  void baseSettingsAreExactlyOnceWithTheAppsDlq() {
    Properties props = StreamsSettings.base("routing-stream", "routing-stream-dlq", LayeredConfig.defaults());

    assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("routing-stream");
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(props.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("routing-stream-dlq");
    assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo(true);
  }

  @Test
  void taskIdlingIsKafkasByDefaultAndCanBeOffOrADuration() {
    assertThat(StreamsSettings.base("scoring-stream", "scoring-stream-dlq", LayeredConfig.defaults())
        .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(0L);
    assertThat(StreamsSettings.maxTaskIdleMillis(LayeredConfig.defaults(), "enrichment.max-task-idle"))
        .isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    assertThat(StreamsSettings.maxTaskIdleMillis(LayeredConfig.defaults().with("streams.max-task-idle", "250ms"),
        "streams.max-task-idle")).isEqualTo(250L);
    assertThat(StreamsSettings.maxTaskIdleMillis(LayeredConfig.defaults().with("streams.max-task-idle", "OFF"),
        "streams.max-task-idle")).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    assertThatThrownBy(() -> StreamsSettings.maxTaskIdleMillis(
        LayeredConfig.defaults().with("streams.max-task-idle", "never"), "streams.max-task-idle"))
        .hasMessageContaining("streams.max-task-idle");
  }
}
