package io.leadflow.sink.channels;

import io.leadflow.avro.RepAlert;

/**
 * The texts the HTTP notifiers send. Kept as an interface so the notifiers do not depend on how texts are written;
 * the sink wires it to {@code MessageTemplates}, whose static methods have exactly these names and signatures.
 * Implementations must be thread-safe and free of I/O.
 */
public interface HttpPayloads {

  /** Plain Slack text (mrkdwn), also what Slack shows in notifications; the notifier prefixes the rep's mention. */
  String slackText(RepAlert alert);

  /** A JSON object with a {@code "blocks"} array of Slack Block Kit blocks, starting with a header block. */
  String slackBlocks(RepAlert alert);

  /** The SMS text, at most 160 characters. */
  String sms(RepAlert alert);

  /** The JSON document POSTed to a rep's CRM or webhook endpoint. */
  String webhookJson(RepAlert alert);
}
