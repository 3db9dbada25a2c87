package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.CompanyProfile;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadCommandIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  @BeforeAll
  static void topics() {
    TopicSetup.createAll(LayeredConfig.defaults().with("kafka.bootstrap.servers", KAFKA.bootstrapServers()));
  }

  private int run(StringWriter err, String... args) {
    CommandLine cli = LeadflowCli.commandLine();
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void publishesALargeCompanyFileKeyedByDomain(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("companies.csv");
    Files.writeString(csv, "domain,name,employeeCount\n" + IntStream.range(0, 1_500)
        .mapToObj(i -> "www.company-" + i + ".de,Company " + i + "," + i)
        .collect(Collectors.joining("\n")) + "\n");

    int exit = run(new StringWriter(), "load", "companies", csv.toString(), "--bootstrap-servers", KAFKA.bootstrapServers());

    assertThat(exit).isZero();
    List<ConsumerRecord<String, byte[]>> records = KAFKA.readAll(Topics.COMPANY_PROFILES.name(),
        new StringDeserializer(), new ByteArrayDeserializer(), 1_500, Duration.ofSeconds(30));
    assertThat(records).hasSize(1_500);
    ConsumerRecord<String, byte[]> first = records.stream().filter(r -> r.key().equals("company-7.de")).findFirst().orElseThrow();
    CompanyProfile company = Topics.COMPANY_PROFILES.valueSerde().deserializer().deserialize("t", first.value());
    assertThat(company.getName()).isEqualTo("Company 7");
    assertThat(company.getFirmographics().getEmployeeCount()).isEqualTo(7);
  }

  @Test
  void appliesScoringRulesToTheConfigTopicAndRejectsBadOnes(@TempDir Path dir) throws Exception {
    int exit = run(new StringWriter(), "config", "apply-scoring", "../examples/scoring.yaml",
        "--bootstrap-servers", KAFKA.bootstrapServers());

    assertThat(exit).isZero();
    List<ConsumerRecord<String, byte[]>> records = KAFKA.readAll(Topics.SCORING_CONFIG.name(),
        new StringDeserializer(), new ByteArrayDeserializer(), 1, Duration.ofSeconds(30));
    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.key()).isEqualTo("scoring-rules");
      assertThat(Topics.SCORING_CONFIG.valueSerde().deserializer().deserialize("t", record.value()).getVersion())
          .isEqualTo("best-practice-2026-11");
    });

    Path bad = dir.resolve("rules.yaml");
    Files.writeString(bad, Files.readString(Path.of("../examples/scoring.yaml")).replace("signal: intent", "signal: intnet"));
    StringWriter err = new StringWriter();
    assertThat(run(err, "config", "apply-scoring", bad.toString(), "--bootstrap-servers", KAFKA.bootstrapServers())).isEqualTo(2);
    assertThat(err.toString()).containsPattern(java.util.regex.Pattern.quote(bad.toString()) + ":\\d+: field 'activities\\[2]\\.signal': "
        + "activity rule 'demo-request': unknown signal 'intnet'");
  }

  @Test
  void aBadFileIsRejectedWithItsRowsAndNothingIsPublished(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("accounts.csv");
    Files.writeString(csv, "accountId,domain,name,type\nacc-1,acme.de,Acme,CUSTOMER\nacc-2,,Broken,NAMED\n");
    StringWriter err = new StringWriter();

    int exit = run(err, "load", "accounts", csv.toString(), "--bootstrap-servers", KAFKA.bootstrapServers());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(csv + ":3: field 'domain' is required");
    assertThat(KAFKA.readAll(Topics.ACCOUNTS.name(), new StringDeserializer(), new ByteArrayDeserializer(), 0,
        Duration.ofSeconds(5))).isEmpty();
  }
}
