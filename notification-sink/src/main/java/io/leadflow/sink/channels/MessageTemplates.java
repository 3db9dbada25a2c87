package io.leadflow.sink.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RepAlert;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link RepAlert} for each delivery channel, per alert type and the rep's locale ({@code en} or
 * {@code de}; any other locale gets English). Pure functions: no I/O, no Kafka.
 *
 * <p>Seed 002 asks for alerts that carry no more personal data than the rep needs: the company, score, priority,
 * lead id and what happened. The lead's contact details are not in a {@link RepAlert} and must never be added
 * here. Human-facing texts show only the routing details a rep can use (pool and rule); the webhook payload, read
 * by machines, carries the alert's details as they are. High priority is visible in every rendering.
 */
public final class MessageTemplates {

  /** One SMS segment of GSM-7 text; longer messages would be split and billed as several. */
  public static final int SMS_MAX_LENGTH = 160;

  /** Slack rejects a header block longer than this. */
  private static final int SLACK_HEADER_MAX = 150;
  /** Slack's limit for one section field. */
  private static final int SLACK_FIELD_MAX = 2000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The GSM 03.38 basic character set (without the control characters): each counts as one of an SMS's 160
   * characters. Characters of the extension table ({@code [ ] { } ~ | \ ^ €}) count twice, so they are replaced too.
   */
  private static final String GSM7_BASIC = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
      + "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  private static final Map<Integer, String> GSM7_REPLACEMENTS = Map.ofEntries(
      Map.entry((int) '[', "("), Map.entry((int) ']', ")"), Map.entry((int) '{', "("), Map.entry((int) '}', ")"),
      Map.entry((int) '~', "-"), Map.entry((int) '|', "/"), Map.entry((int) '\\', "/"), Map.entry((int) '^', ""),
      Map.entry((int) '€', "EUR"), Map.entry((int) '–', "-"), Map.entry((int) '—', "-"), Map.entry((int) '‘', "'"),
      Map.entry((int) '’', "'"), Map.entry((int) '‚', "'"), Map.entry((int) '“', "\""), Map.entry((int) '”', "\""),
      Map.entry((int) '„', "\""), Map.entry((int) '«', "\""), Map.entry((int) '»', "\""), Map.entry((int) '…', "..."),
      Map.entry((int) '`', "'"));

  /** A rendered email: a one-line subject and a plain-text body. */
  public record Email(String subject, String text) {}

  private MessageTemplates() {}

  // ---------------------------------------------------------------------------------------------- channels

  /** Subject and plain-text body in the rep's language. */
  public static Email email(RepAlert alert) {
    Language lang = Language.of(alert.getLocale());
    Wording wording = lang.wording(alert.getType());
    String subject = priorityPrefix(alert, lang) + wording.headline() + " – " + company(alert, lang) + scoreSuffix(alert, lang);

    StringBuilder text = new StringBuilder();
    String repName = clean(alert.getRepName());
    text.append(repName.isEmpty() ? lang.greeting + "," : lang.greeting + " " + repName + ",").append("\n\n");
    text.append(wording.sentence()).append("\n\n");
    for (Map.Entry<String, String> line : facts(alert, lang).entrySet()) {
      text.append(line.getKey()).append(": ").append(line.getValue()).append('\n');
    }
    text.append('\n').append(lang.openInCrm).append("\n\n-- \nleadflow\n");
    return new Email(oneLine(subject), text.toString());
  }

  /**
   * At most {@value #SMS_MAX_LENGTH} GSM-7 characters, e.g. {@code leadflow: HOT: new lead Acme GmbH (score 87).
   * Open CRM: lead-123}. A long company name is shortened; characters outside GSM-7 (emoji, most accents) are
   * replaced so the message stays one segment.
   */
  public static String sms(RepAlert alert) {
    Language lang = Language.of(alert.getLocale());
    String head = gsm7("leadflow: " + (isHigh(alert) ? lang.hot + ": " : "") + lang.wording(alert.getType()).smsPhrase());
    String score = score(alert) == null ? "" : " (" + lang.scoreLabel + " " + score(alert) + ")";
    String tail = score + ". " + lang.openCrmShort + ": " + gsm7(alert.getLeadId());
    String company = gsm7(alert.getCompanyName());
    int room = SMS_MAX_LENGTH - head.length() - tail.length() - 1; // 1: the space before the company
    if (company.length() > room) {
      company = room >= 4 ? company.substring(0, room - 3).stripTrailing() + "..." : "";
    }
    String sms = head + (company.isEmpty() ? "" : " " + company) + tail;
    return sms.length() <= SMS_MAX_LENGTH ? sms : sms.substring(0, SMS_MAX_LENGTH); // only an absurd lead id gets here
  }

  /** One line for Slack's notification and for clients that cannot show blocks (Slack mrkdwn, escaped). */
  public static String slackText(RepAlert alert) {
    Language lang = Language.of(alert.getLocale());
    String text = priorityPrefix(alert, lang) + lang.wording(alert.getType()).headline() + ": " + company(alert, lang)
        + scoreSuffix(alert, lang) + " – " + lang.leadIdLabel + " " + clean(alert.getLeadId());
    return slackEscape(text);
  }

  /** A Slack Block Kit message as JSON: {@code text} (the fallback), a header, the sentence and the facts as fields. */
  public static String slackBlocks(RepAlert alert) {
    Language lang = Language.of(alert.getLocale());
    Wording wording = lang.wording(alert.getType());
    ObjectNode message = JSON.createObjectNode();
    message.put("text", slackText(alert));
    ArrayNode blocks = message.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text")
        .put("text", truncate(priorityPrefix(alert, lang) + wording.headline() + " – " + company(alert, lang), SLACK_HEADER_MAX))
        .put("emoji", false);

    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", slackEscape(wording.sentence()));

    ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
    facts(alert, lang).forEach((label, value) -> fields.addObject().put("type", "mrkdwn")
        .put("text", truncate("*" + slackEscape(label) + "*\n" + slackEscape(value), SLACK_FIELD_MAX)));

    ObjectNode context = blocks.addObject().put("type", "context");
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", slackEscape(lang.openInCrm));
    return write(message);
  }

  /**
   * A JSON event for webhook receivers: {@code type} (see {@link #webhookType}), {@code timestamp} (when the alert
   * was raised, ISO-8601) and {@code data} with alertId, leadId, repId, priority, companyName, totalScore and details.
   * Absent values are JSON {@code null}, so every event has the same keys.
   */
  public static String webhookJson(RepAlert alert) {
    ObjectNode event = JSON.createObjectNode();
    event.put("type", webhookType(alert.getType()));
    event.put("timestamp", alert.getCreatedAt() == null ? null : alert.getCreatedAt().toString());
    ObjectNode data = event.putObject("data");
    data.put("alertId", alert.getAlertId());
    data.put("leadId", alert.getLeadId());
    data.put("repId", alert.getRepId());
    data.put("priority", alert.getPriority() == null ? Priority.NORMAL.name() : alert.getPriority().name());
    data.put("companyName", alert.getCompanyName());
    data.put("totalScore", alert.getTotalScore());
    ObjectNode details = data.putObject("details");
    // Sorted so that the same alert always gives the same bytes (receivers may hash or sign the body).
    new TreeMap<>(alert.getDetails() == null ? Map.<String, String>of() : alert.getDetails()).forEach(details::put);
    return write(event);
  }

  /** The webhook event type of an alert type, e.g. {@code lead.assigned}. */
  public static String webhookType(AlertType type) {
    return switch (type == null ? AlertType.UNKNOWN : type) {
      case ASSIGNMENT -> "lead.assigned";
      case ESCALATION -> "lead.escalated";
      case SLA_BREACH -> "lead.sla_breached";
      case CLAIM_EXPIRY -> "lead.claim_expired";
      case MANAGER_REVIEW -> "lead.manager_review";
      case UNKNOWN -> "lead.alert";
    };
  }

  // ---------------------------------------------------------------------------------------------- wording

  private record Wording(String headline, String sentence, String smsPhrase) {}

  /** The supported languages; each names every alert type and label. */
  private enum Language {
    EN("Hi", "HOT", "score", "Lead ID", "Open CRM", "Open the lead in your CRM by its lead ID.",
        "Company", "Score", "Priority", "HOT – high priority, please act now", "normal", "Pool", "Rule", "unknown company",
        Map.of(
            AlertType.ASSIGNMENT, new Wording("New lead", "A new lead has been assigned to you.", "new lead"),
            AlertType.ESCALATION, new Wording("Escalated lead",
                "This lead was escalated and reassigned to you because it was not contacted in time.", "escalated lead"),
            AlertType.SLA_BREACH, new Wording("SLA breached",
                "This lead of yours was not contacted within its response time (SLA).", "SLA breached for lead"),
            AlertType.CLAIM_EXPIRY, new Wording("Claim expired", "Your claim on this lead has expired.",
                "claim expired for lead"),
            AlertType.MANAGER_REVIEW, new Wording("Review needed", "This lead needs your review as a manager.",
                "review needed for lead"),
            AlertType.UNKNOWN, new Wording("Lead update", "There is an update on one of your leads.", "update on lead"))),
    DE("Hallo", "DRINGEND", "Score", "Lead-ID", "Im CRM öffnen", "Öffnen Sie den Lead über seine Lead-ID im CRM.",
        "Unternehmen", "Score", "Priorität", "DRINGEND – hohe Priorität, bitte sofort bearbeiten", "normal", "Pool", "Regel",
        "unbekanntes Unternehmen",
        Map.of(
            AlertType.ASSIGNMENT, new Wording("Neuer Lead", "Ihnen wurde ein neuer Lead zugewiesen.", "neuer Lead"),
            AlertType.ESCALATION, new Wording("Eskalierter Lead",
                "Dieser Lead wurde eskaliert und Ihnen zugewiesen, weil er nicht rechtzeitig kontaktiert wurde.",
                "eskalierter Lead"),
            AlertType.SLA_BREACH, new Wording("SLA überschritten",
                "Ihr Lead wurde nicht innerhalb der vereinbarten Reaktionszeit (SLA) kontaktiert.",
                "SLA überschritten für Lead"),
            AlertType.CLAIM_EXPIRY, new Wording("Reservierung abgelaufen",
                "Ihre Reservierung für diesen Lead ist abgelaufen.", "Reservierung abgelaufen für Lead"),
            AlertType.MANAGER_REVIEW, new Wording("Prüfung erforderlich",
                "Dieser Lead wartet auf Ihre Prüfung als Führungskraft.", "Prüfung nötig für Lead"),
            AlertType.UNKNOWN, new Wording("Neuigkeit zu einem Lead", "Es gibt eine Neuigkeit zu einem Ihrer Leads.",
                "Neuigkeit zu Lead")));

    final String greeting;
    final String hot;
    final String scoreLabel;
    final String leadIdLabel;
    final String openCrmShort;
    final String openInCrm;
    final String companyLabel;
    final String scoreField;
    final String priorityLabel;
    final String highPriority;
    final String normalPriority;
    final String poolLabel;
    final String ruleLabel;
    final String unknownCompany;
    final Map<AlertType, Wording> wordings;

    Language(String greeting, String hot, String scoreLabel, String leadIdLabel, String openCrmShort, String openInCrm,
        String companyLabel, String scoreField, String priorityLabel, String highPriority, String normalPriority,
        String poolLabel, String ruleLabel, String unknownCompany, Map<AlertType, Wording> wordings) {
      this.greeting = greeting;
      this.hot = hot;
      this.scoreLabel = scoreLabel;
      this.leadIdLabel = leadIdLabel;
      this.openCrmShort = openCrmShort;
      this.openInCrm = openInCrm;
      this.companyLabel = companyLabel;
      this.scoreField = scoreField;
      this.priorityLabel = priorityLabel;
      this.highPriority = highPriority;
      this.normalPriority = normalPriority;
      this.poolLabel = poolLabel;
      this.ruleLabel = ruleLabel;
      this.unknownCompany = unknownCompany;
      this.wordings = wordings;
    }

    /** {@code de}, {@code de-AT}, {@code de_CH} → German; everything else, including no locale, → English. */
    static Language of(String locale) {
      String language = locale == null ? "" : locale.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
      return language.equals("de") ? DE : EN;
    }

    Wording wording(AlertType type) {
      return wordings.get(type == null ? AlertType.UNKNOWN : type);
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** Label → value lines shared by email and Slack, in display order; only what the rep can act on. */
  private static Map<String, String> facts(RepAlert alert, Language lang) {
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put(lang.companyLabel, company(alert, lang));
    if (score(alert) != null) {
      facts.put(lang.scoreField, score(alert).toString());
    }
    facts.put(lang.priorityLabel, isHigh(alert) ? lang.highPriority : lang.normalPriority);
    facts.put(lang.leadIdLabel, clean(alert.getLeadId()));
    Map<String, String> details = alert.getDetails() == null ? Map.of() : alert.getDetails();
    String pool = clean(details.get("pool"));
    String rule = clean(details.get("rule"));
    if (!pool.isEmpty()) {
      facts.put(lang.poolLabel, pool);
    }
    if (!rule.isEmpty()) {
      facts.put(lang.ruleLabel, rule);
    }
    return facts;
  }

  private static boolean isHigh(RepAlert alert) {
    return alert.getPriority() == Priority.HIGH;
  }

  private static String priorityPrefix(RepAlert alert, Language lang) {
    return isHigh(alert) ? "[" + lang.hot + "] " : "";
  }

  private static String company(RepAlert alert, Language lang) {
    String company = clean(alert.getCompanyName());
    return company.isEmpty() ? lang.unknownCompany : company;
  }

  /** The score as people read it (87, not 86.73), or null when the lead has none. */
  private static Long score(RepAlert alert) {
    Double score = alert.getTotalScore();
    return score == null || score.isNaN() || score.isInfinite() ? null : Math.round(score);
  }

  private static String scoreSuffix(RepAlert alert, Language lang) {
    return score(alert) == null ? "" : " (" + lang.scoreLabel + " " + score(alert) + ")";
  }

  /** Null-safe, without control characters (no header or line injection through a company name). */
  private static String clean(String value) {
    return value == null ? "" : value.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
  }

  private static String oneLine(String value) {
    return clean(value).replaceAll("\\s{2,}", " ");
  }

  private static String truncate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }

  /** Slack treats {@code & < >} as control characters (mentions, links) in mrkdwn; user data must not trigger them. */
  private static String slackEscape(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Text reduced to the GSM-7 basic set: accents dropped where that helps, other characters replaced or removed. */
  static String gsm7(String value) {
    StringBuilder out = new StringBuilder();
    clean(value).codePoints().forEach(cp -> {
      if (cp < 0x10000 && GSM7_BASIC.indexOf(cp) >= 0) {
        out.appendCodePoint(cp);
      } else if (GSM7_REPLACEMENTS.containsKey(cp)) {
        out.append(GSM7_REPLACEMENTS.get(cp));
      } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        out.append(' ');
      } else {
        String base = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD);
        StringBuilder kept = new StringBuilder();
        base.chars().filter(c -> GSM7_BASIC.indexOf(c) >= 0).forEach(c -> kept.append((char) c));
        if (kept.length() > 0) {
          out.append(kept); // č, ő, ç … → their base letter
        } else if (Character.isLetterOrDigit(cp)) {
          out.append('?'); // a letter we cannot show: mark the gap rather than silently change the name
        } // symbols and emoji are dropped
      }
    });
    return out.toString().replaceAll(" {2,}", " ").strip();
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e); // a tree of strings and numbers always writes
    }
  }
}
