package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.platform.broker.EmbeddedKafkaBroker;
import io.leadflow.platform.config.LayeredConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka SASL settings reach every client (docs/SECURITY.md), proven on a real broker whose client listener speaks
 * SASL_PLAINTEXT/PLAIN only: a client without the settings, or with a wrong password, gets nowhere. The whole demo
 * (topic set-up, publisher, the three Streams apps, the sink's consumer and producer, the pool API's producer and
 * answer reader, the health probe's admin client, the demo's own readers) runs against it as a child JVM that takes
 * its SASL settings from {@code KAFKA_*} environment variables. Kafka's own config dumps in its log then show every
 * client's {@code security.protocol}, and the JAAS password must appear nowhere in that log.
 */
class SaslPassThroughIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** A marker that cannot occur by chance: found in a log, it is a leak. */
  private static final String PASSWORD = "jaas-secret-" + UUID.randomUUID();
  private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
      + "username=\"leadflow\" password=\"" + PASSWORD + "\";";
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.startWithSaslPlain(Map.of("leadflow", PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void theSaslListenerAdmitsOnlyClientsWithTheRightSettings() throws Exception {
    Map<String, Object> fast = Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
    Map<String, Object> plaintext = new HashMap<>(fast);
    plaintext.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers());
    try (Admin admin = Admin.create(plaintext)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).as("no SASL settings")
          .isNotNull();
    }
    LayeredConfig wrong = saslConfig(JAAS.replace(PASSWORD, "not-the-password"));
    Map<String, Object> wrongProps = new HashMap<>(wrong.kafkaClientProperties());
    wrongProps.putAll(fast);
    try (Admin admin = Admin.create(wrongProps)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
    // The environment layer alone (KAFKA_* variables, as in a container) gives a client that gets in.
    try (Admin admin = Admin.create(saslConfig(JAAS).kafkaClientProperties())) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void theDemoRunsOverSaslWithSettingsFromTheEnvironmentAndItsLogNeverShowsTheJaasConfig() throws Exception {
    Path log = Files.createDirectories(Path.of("target", "sasl")).resolve("demo.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-cp", classPath(),
        "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath(),
        LeadflowCli.class.getName(), "demo", "--bootstrap-servers", broker.saslBootstrapServers(),
        "--duration", "5s", "--rate", "5", "--examples", ROOT.resolve("examples").toString(),
        "--management-port", "0", "--quiet"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("LEADFLOW_"));
    env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
    env.put("KAFKA_SASL_MECHANISM", "PLAIN");
    env.put("KAFKA_SASL_JAAS_CONFIG", JAAS);
    env.put("LEADFLOW_KAFKA_LOG_LEVEL", "INFO"); // Kafka's "… Config values:" dump of every client it creates
    Process demo = builder.start();
    boolean finished = demo.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      demo.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    String tail = output.substring(Math.max(0, output.length() - 4000));
    assertThat(finished).as("demo finished; log %s", log).isTrue();
    assertThat(demo.exitValue()).as(tail).isZero();

    // Topics created, every service RUNNING and leads written: each of those needs an authenticated connection.
    // (Whether the leads get assigned in a short run on a loaded machine is the end-to-end tests' business.)
    assertThat(output).as(tail).contains("all services running after");
    Matcher summary = Pattern.compile("leads published: (\\d+)").matcher(output);
    assertThat(summary.find()).as(tail).isTrue();
    assertThat(Integer.parseInt(summary.group(1))).as("leads written over SASL").isPositive();

    // Every client config Kafka logged, and of which kind; each one must be SASL with PLAIN and a hidden JAAS config.
    Matcher dump = Pattern.compile("(\\w+Config) values:(.*?)(?=\\n\\S|\\z)", Pattern.DOTALL).matcher(output);
    Set<String> kinds = new HashSet<>();
    Set<String> ids = new HashSet<>();
    int dumps = 0;
    while (dump.find()) {
      String kind = dump.group(1);
      String values = dump.group(2);
      if (!values.contains("security.protocol") || setting(values, "bootstrap.servers").contains("unused:")) {
        continue; // no connection: a serde's config, or the config the topology builder is made with
      }
      dumps++;
      kinds.add(kind);
      ids.add(setting(values, kind.equals("StreamsConfig") ? "application.id" : "client.id"));
      assertThat(setting(values, "security.protocol")).as("%s %s", kind, values.substring(0, Math.min(400, values.length())))
          .isEqualTo("SASL_PLAINTEXT");
      if (!kind.equals("StreamsConfig")) { // Streams' own config defines only the protocol; its clients show the rest
        assertThat(setting(values, "sasl.mechanism")).as(kind).isEqualTo("PLAIN");
        assertThat(setting(values, "sasl.jaas.config")).as(kind).isEqualTo("[hidden]");
      }
    }
    assertThat(kinds).contains("StreamsConfig", "ProducerConfig", "ConsumerConfig", "AdminClientConfig");
    assertThat(dumps).isGreaterThanOrEqualTo(10);
    assertThat(String.join(" ", ids)).contains("enrichment-stream", "scoring-stream", "routing-stream",
        "routing-api-");
    assertThat(output).contains("group.id = notification-sink").contains("client.id = leadflow-health-probe");

    assertThat(output).as("the JAAS password in the log").doesNotContain(PASSWORD);
    assertThat(output).doesNotContain("PlainLoginModule required username");
  }

  private static String setting(String values, String name) {
    Matcher m = Pattern.compile("\\n\\s*" + Pattern.quote(name) + " = ([^\\n]*)").matcher(values);
    return m.find() ? m.group(1).strip() : "";
  }

  private static LayeredConfig saslConfig(String jaas) {
    return LayeredConfig.builder().environment(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers(),
        "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM", "PLAIN",
        "KAFKA_SASL_JAAS_CONFIG", jaas)).build();
  }

  /** The test JVM's class path; under failsafe's manifest-only jar the real one is in surefire.test.class.path. */
  private static String classPath() {
    String tests = System.getProperty("surefire.test.class.path");
    return tests != null && !tests.isBlank() ? tests : System.getProperty("java.class.path");
  }
}
