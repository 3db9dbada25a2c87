package io.leadflow.scoring;

import io.leadflow.avro.ConfigDocument;
import io.leadflow.platform.config.ConfigException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring rules in force: the ones applied to the {@code scoring-config} topic if any, else those the service
 * started with. A new version is parsed once, when it is first needed; a version that does not parse is logged
 * and skipped, and the rules in force stay.
 */
final class ActiveRules {

  private static final Logger LOG = LoggerFactory.getLogger(ActiveRules.class);

  private final KeyValueStore<String, ConfigDocument> documents;
  private LeadScorer scorer;
  private String seenVersion;

  ActiveRules(KeyValueStore<String, ConfigDocument> documents, LeadScorer startingRules) {
    this.documents = documents;
    this.scorer = startingRules;
  }

  LeadScorer current() {
    ConfigDocument document = documents.get(ScoringTopology.RULES_DOCUMENT);
    if (document != null && !document.getVersion().equals(seenVersion)) {
      seenVersion = document.getVersion();
      try {
        scorer = new LeadScorer(ScoringRules.parse(document.getYaml().getBytes(StandardCharsets.UTF_8),
            "scoring-config version " + document.getVersion()));
        LOG.info("scoring rules version {} in force", document.getVersion());
      } catch (ConfigException e) {
        LOG.error("ignoring scoring rules version {}; version {} stays in force: {}", document.getVersion(),
            scorer.rules().version(), e.getMessage());
      }
    }
    return scorer;
  }
}
