package io.leadflow.platform.testing;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** Properties for TopologyTestDriver: the real base settings (DLQ handlers included), a throw-away state dir. */
public final class TopologyTests {

  private TopologyTests() {}

  public static Properties props(String applicationId, String dlqTopic) {
    try {
      Properties props = StreamsSettings.base(applicationId, dlqTopic, LayeredConfig.defaults());
      // The driver removes its state on close; the emptied folder goes when the JVM exits.
      java.io.File stateDir = Files.createTempDirectory("ttd-" + applicationId).toFile();
      stateDir.deleteOnExit();
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.getPath());
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A driver input for a registry topic, with the topic's own serdes. */
  public static <K, V> TestInputTopic<K, V> input(TopologyTestDriver driver, TopicSpec<K, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** A driver output for a registry topic, with the topic's own serdes. */
  public static <K, V> TestOutputTopic<K, V> output(TopologyTestDriver driver, TopicSpec<K, V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  public static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
