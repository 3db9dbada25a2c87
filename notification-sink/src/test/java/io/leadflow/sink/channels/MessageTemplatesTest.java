package io.leadflow.sink.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RepAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageTemplatesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GSM7 = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
      + "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  private static RepAlert.Builder alert() {
    return RepAlert.newBuilder()
        .setAlertId("assignment:lead-123@general#1")
        .setType(AlertType.ASSIGNMENT)
        .setRepId("rep-anna")
        .setRepName("Anna Berger")
        .setLeadId("lead-123")
        .setPriority(Priority.HIGH)
        .setCompanyName("Acme GmbH")
        .setTotalScore(86.7)
        .setChannels(List.of(NotificationChannel.newBuilder().setType(ChannelType.EMAIL).setAddress("anna@example.com").build()))
        .setLocale("en")
        .setDetails(Map.of("pool", "dach-enterprise", "rule", "territory:DE", "method", "ROUND_ROBIN"))
        .setCreatedAt(Instant.parse("2026-01-05T09:00:00Z"));
  }

  static Stream<Arguments> typesAndLocales() {
    List<Arguments> all = new ArrayList<>();
    for (AlertType type : AlertType.values()) {
      for (String locale : List.of("en", "de")) {
        for (Priority priority : Priority.values()) {
          all.add(Arguments.of(type, locale, priority));
        }
      }
    }
    return all.stream();
  }

  private static List<String> everyText(RepAlert alert) {
    MessageTemplates.Email email = MessageTemplates.email(alert);
    return List.of(email.subject(), email.text(), MessageTemplates.sms(alert), MessageTemplates.slackText(alert),
        MessageTemplates.slackBlocks(alert));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("typesAndLocales")
  void rendersEveryAlertTypeInEveryLanguage(AlertType type, String locale, Priority priority) throws Exception {
    RepAlert alert = alert().setType(type).setLocale(locale).setPriority(priority).build();

    for (String text : everyText(alert)) {
      assertThat(text).isNotBlank().doesNotContainIgnoringCase("null").contains("Acme GmbH");
      if (priority == Priority.HIGH) {
        assertThat(text).contains(locale.equals("de") ? "DRINGEND" : "HOT");
      } else {
        assertThat(text).doesNotContain("HOT", "DRINGEND");
      }
    }
    MessageTemplates.Email email = MessageTemplates.email(alert);
    for (String text : List.of(email.text(), MessageTemplates.sms(alert), MessageTemplates.slackText(alert),
        MessageTemplates.slackBlocks(alert))) {
      assertThat(text).contains("lead-123"); // the subject stays short; everything else names the lead
    }
    assertThat(email.subject()).doesNotContain("\n").contains("87");
    assertThat(email.text()).contains(locale.equals("de") ? "Hallo Anna Berger," : "Hi Anna Berger,");
    if (locale.equals("de")) {
      assertThat(email.text()).containsAnyOf("ä", "ö", "ü", "Ä", "Ö", "Ü", "ß").contains("Priorität", "Unternehmen");
      assertThat(email.text()).doesNotContain("Company", "Priority");
    } else {
      assertThat(email.text()).contains("Company", "Priority").doesNotContain("Unternehmen");
    }
    assertThat(JSON.readTree(MessageTemplates.webhookJson(alert)).get("type").asText()).startsWith("lead.");
  }

  @Test
  void germanReadsAsGerman() {
    RepAlert alert = alert().setLocale("de-AT").build();

    MessageTemplates.Email email = MessageTemplates.email(alert);

    assertThat(email.subject()).isEqualTo("[DRINGEND] Neuer Lead – Acme GmbH (Score 87)");
    assertThat(email.text()).contains("Ihnen wurde ein neuer Lead zugewiesen.", "Priorität: DRINGEND – hohe Priorität, bitte sofort bearbeiten",
        "Lead-ID: lead-123", "Regel: territory:DE", "Öffnen Sie den Lead über seine Lead-ID im CRM.");
    assertThat(MessageTemplates.sms(alert)).isEqualTo("leadflow: DRINGEND: neuer Lead Acme GmbH (Score 87). Im CRM öffnen: lead-123");
    assertThat(MessageTemplates.email(alert().setType(AlertType.SLA_BREACH).setLocale("de").build()).subject())
        .isEqualTo("[DRINGEND] SLA überschritten – Acme GmbH (Score 87)");
  }

  @Test
  void otherLocalesFallBackToEnglish() {
    for (String locale : List.of("fr", "", "EN-us", "xx_YY")) {
      RepAlert alert = alert().setLocale(locale).setPriority(Priority.NORMAL).build();

      assertThat(MessageTemplates.email(alert).subject()).isEqualTo("New lead – Acme GmbH (score 87)");
      assertThat(MessageTemplates.sms(alert)).isEqualTo("leadflow: new lead Acme GmbH (score 87). Open CRM: lead-123");
    }
  }

  @Test
  void smsIsOneGsm7SegmentEvenForAHugeCompanyName() {
    String huge = "Ümlaut & Søn Holding – " + "Very Long Company Name ".repeat(9) + "🚀 ł {x}";
    assertThat(huge.length()).isGreaterThan(200);
    for (String locale : List.of("en", "de")) {
      for (AlertType type : AlertType.values()) {
        String sms = MessageTemplates.sms(alert().setType(type).setLocale(locale).setCompanyName(huge).build());

        assertThat(sms).hasSizeLessThanOrEqualTo(MessageTemplates.SMS_MAX_LENGTH).endsWith(": lead-123").contains("...");
        assertThat(sms.chars()).allMatch(c -> GSM7.indexOf(c) >= 0);
        assertThat(sms).startsWith(locale.equals("de") ? "leadflow: DRINGEND: " : "leadflow: HOT: ");
      }
    }
    assertThat(MessageTemplates.sms(alert().setCompanyName("Café „Zum Löwen“ 🍺 {Nord}").build()))
        .isEqualTo("leadflow: HOT: new lead Café \"Zum Löwen\" (Nord) (score 87). Open CRM: lead-123");
  }

  @Test
  void missingCompanyAndScoreLeaveNoGaps() {
    RepAlert alert = alert().setCompanyName(null).setTotalScore(null).setRepName(null).setDetails(Map.of()).build();

    for (String text : everyText(alert)) {
      assertThat(text).doesNotContainIgnoringCase("null").doesNotContain("()", "  –", "score ");
    }
    assertThat(MessageTemplates.sms(alert)).isEqualTo("leadflow: HOT: new lead. Open CRM: lead-123");
    assertThat(MessageTemplates.email(alert).text()).startsWith("Hi,\n").contains("Company: unknown company");
  }

  @Test
  void slackBlocksAreABlockKitPayload() throws Exception {
    RepAlert alert = alert().setCompanyName("<!channel> Acme & Co").build();

    JsonNode message = JSON.readTree(MessageTemplates.slackBlocks(alert));

    assertThat(message.get("text").asText()).isEqualTo(MessageTemplates.slackText(alert))
        .contains("HOT", "&lt;!channel&gt; Acme &amp; Co").doesNotContain("<!channel>");
    JsonNode blocks = message.get("blocks");
    assertThat(blocks.isArray()).isTrue();
    assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
    assertThat(blocks.get(0).get("text").get("text").asText())
        .isEqualTo("[HOT] New lead – <!channel> Acme & Co"); // plain text: Slack does not interpret it
    JsonNode fields = blocks.get(2).get("fields");
    assertThat(blocks.get(2).get("type").asText()).isEqualTo("section");
    assertThat(fields).extracting(f -> f.get("text").asText()).contains("*Score*\n87", "*Priority*\nHOT – high priority, please act now",
        "*Lead ID*\nlead-123", "*Pool*\ndach-enterprise");
  }

  @Test
  void webhookJsonCarriesTypeTimestampAndData() throws Exception {
    Map<AlertType, String> expected = Map.of(AlertType.ASSIGNMENT, "lead.assigned", AlertType.ESCALATION, "lead.escalated",
        AlertType.SLA_BREACH, "lead.sla_breached", AlertType.CLAIM_EXPIRY, "lead.claim_expired",
        AlertType.MANAGER_REVIEW, "lead.manager_review", AlertType.UNKNOWN, "lead.alert");
    expected.forEach((type, name) -> assertThat(MessageTemplates.webhookType(type)).isEqualTo(name));

    JsonNode event = JSON.readTree(MessageTemplates.webhookJson(alert().setType(AlertType.ESCALATION).build()));

    assertThat(event.get("type").asText()).isEqualTo("lead.escalated");
    assertThat(event.get("timestamp").asText()).isEqualTo("2026-01-05T09:00:00Z");
    JsonNode data = event.get("data");
    assertThat(data.get("alertId").asText()).isEqualTo("assignment:lead-123@general#1");
    assertThat(data.get("leadId").asText()).isEqualTo("lead-123");
    assertThat(data.get("repId").asText()).isEqualTo("rep-anna");
    assertThat(data.get("priority").asText()).isEqualTo("HIGH");
    assertThat(data.get("companyName").asText()).isEqualTo("Acme GmbH");
    assertThat(data.get("totalScore").asDouble()).isEqualTo(86.7);
    assertThat(data.get("details").get("pool").asText()).isEqualTo("dach-enterprise");
    assertThat(data.fieldNames()).toIterable()
        .containsExactly("alertId", "leadId", "repId", "priority", "companyName", "totalScore", "details");

    JsonNode sparse = JSON.readTree(MessageTemplates.webhookJson(alert().setCompanyName(null).setTotalScore(null).build()));
    assertThat(sparse.get("data").get("companyName").isNull()).isTrue();
    assertThat(sparse.get("data").get("totalScore").isNull()).isTrue();
  }

  @Test
  void carriesNoContactDetailsOfTheRecipient() {
    // The rep's own address routes the alert; it is not content (seed 002: no more personal data than needed).
    for (String text : everyText(alert().build())) {
      assertThat(text).doesNotContain("anna@example.com");
    }
    assertThat(MessageTemplates.webhookJson(alert().build())).doesNotContain("anna@example.com");
  }
}
