package io.leadflow.routing;

import io.leadflow.avro.ConfigDocument;
import io.leadflow.platform.config.ConfigException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing rules in force: the latest version applied to {@code routing-config}, else those the service started
 * with. A new version is parsed once, when it is first needed; one that does not parse is logged and skipped.
 */
final class ActiveRoutingRules {

  private static final Logger LOG = LoggerFactory.getLogger(ActiveRoutingRules.class);

  private final KeyValueStore<String, ConfigDocument> documents;
  private RoutingRules rules;
  private String seenVersion;

  ActiveRoutingRules(KeyValueStore<String, ConfigDocument> documents, RoutingRules startingRules) {
    this.documents = documents;
    this.rules = startingRules;
  }

  RoutingRules current() {
    ConfigDocument document = documents.get(RoutingTopology.RULES_DOCUMENT);
    if (document != null && !document.getVersion().equals(seenVersion)) {
      seenVersion = document.getVersion();
      try {
        rules = RoutingRules.parse(document.getYaml().getBytes(StandardCharsets.UTF_8),
            "routing-config version " + document.getVersion());
        LOG.info("routing rules version {} in force", rules.version());
      } catch (ConfigException e) {
        LOG.error("ignoring routing rules version {}; version {} stays in force: {}", document.getVersion(),
            rules.version(), e.getMessage());
      }
    }
    return rules;
  }
}
