package io.leadflow.platform.testing;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;

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

  public static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
