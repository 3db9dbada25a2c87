package io.leadflow.cli.logging;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.profile;
import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.avro.LeadStage;
import io.leadflow.enrichment.EnrichmentConfig;
import io.leadflow.enrichment.EnrichmentTopology;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.EventLog;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingConfig;
import io.leadflow.routing.RoutingTopology;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The real processors' log lines, through the JSON encoder: lead id and rep id are top-level fields. */
class JsonLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<Runnable> cleanUp = new ArrayList<>();

  @AfterEach
  void detach() {
    cleanUp.forEach(Runnable::run);
  }

  @Test
  void anAssignmentLineCarriesLeadIdAndRepIdAsFields() throws Exception {
    capture(new JsonLineEncoder(), EventLog.LOGGER_NAME);
    RoutingConfig config = RoutingConfig.from(LayeredConfig.defaults());
    try (TopologyTestDriver driver = new TopologyTestDriver(RoutingTopology.build(config),
        TopologyTests.props(config.applicationId(), Topics.ROUTING_DLQ.name()))) {
      TopologyTests.input(driver, Topics.REPS)
          .pipeInput("rep-a", rep("rep-a", "general"));
      TopologyTests.input(driver, Topics.LEAD_STAGE_CHANGES)
          .pipeInput("lead-7", stageChange("lead-7", LeadStage.SUSPECT, LeadStage.MQL, T0));
    }
    JsonNode line = onlyLine("assignment");
    assertThat(line.path("leadId").asText()).isEqualTo("lead-7");
    assertThat(line.path("repId").asText()).isEqualTo("rep-a");
    assertThat(line.path("method").asText()).isEqualTo("FALLBACK");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("logger").asText()).isEqualTo("leadflow.events");
    assertThat(line.path("message").asText()).isEqualTo("lead lead-7 assigned to rep-a (FALLBACK, pool general)");
    assertThat(line.path("time").asText()).endsWith("Z");
  }

  @Test
  void aDeadLetterLineCarriesTheLeadIdAndTheReason() throws Exception {
    capture(new JsonLineEncoder(), "io.leadflow.platform.streams");
    EnrichmentConfig config = EnrichmentConfig.from(LayeredConfig.defaults());
    try (TopologyTestDriver driver = new TopologyTestDriver(EnrichmentTopology.build(config),
        TopologyTests.props(config.applicationId(), Topics.ENRICHMENT_DLQ.name()))) {
      TopologyTests.input(driver, Topics.LEAD_EVENTS)
          .pipeInput("lead-9", profile("lead-8", "a@acme.de", T0));
    }
    JsonNode line = lines().stream().filter(l -> l.path("reason").asText().equals("InvalidLeadEventException"))
        .findFirst().orElseThrow(() -> new AssertionError(out.toString(StandardCharsets.UTF_8)));
    assertThat(line.path("leadId").asText()).isEqualTo("lead-9");
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("message").asText()).startsWith("record sent to the DLQ");
  }

  @Test
  void textLogsShowTheSameFieldsAsKeyValuePairs() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern(LogFormat.TEXT_PATTERN);
    capture(encoder, EventLog.LOGGER_NAME);
    EventLog.LOG.atInfo().addKeyValue("leadId", "lead-1").addKeyValue("repId", "rep-b").log("lead lead-1 assigned");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("lead lead-1 assigned leadId=lead-1 repId=rep-b");
  }

  @Test
  void configSwitchesTheRootLoggerToJson() {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    cleanUp.add(() -> LogFormat.use("text"));
    LogFormat.apply(LayeredConfig.defaults().with("logging.format", "json"));
    assertThat(LogFormat.encoderOf(root)).isNotNull().satisfies(encoder -> assertThat(encoder.isJson()).isTrue());
    LogFormat.apply(LayeredConfig.defaults().with("logging.format", "text"));
    assertThat(LogFormat.encoderOf(root).isJson()).as("text keeps what the environment chose").isTrue();
    LogFormat.use("text");
    assertThat(LogFormat.encoderOf(root).isJson()).isFalse();
  }

  private void capture(Encoder<ILoggingEvent> encoder, String loggerName) {
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger logger = context.getLogger(loggerName);
    ch.qos.logback.classic.Level before = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    logger.addAppender(appender);
    cleanUp.add(() -> {
      logger.detachAppender(appender);
      logger.setLevel(before);
      appender.stop();
    });
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line)); // every line must be one JSON object
      }
    }
    return lines;
  }

  private JsonNode onlyLine(String event) throws Exception {
    List<JsonNode> matching = lines().stream().filter(l -> l.path("event").asText().equals(event)).toList();
    assertThat(matching).as(out.toString(StandardCharsets.UTF_8)).hasSize(1);
    return matching.get(0);
  }
}
