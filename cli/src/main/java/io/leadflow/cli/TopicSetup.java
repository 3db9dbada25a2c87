package io.leadflow.cli;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.kafka.TopicAdmin;
import io.leadflow.platform.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates every registry topic that is missing, with partitions and replication from {@code topics.*}. */
public final class TopicSetup {

  private TopicSetup() {}

  public static List<NewTopic> createAll(LayeredConfig config) {
    int partitions = config.integer("topics.partitions");
    short replication = (short) config.integer("topics.replication-factor");
    List<NewTopic> topics = Topics.ALL.stream().map(t -> t.newTopic(partitions, replication)).toList();
    try (Admin admin = Admin.create(config.kafkaClientProperties())) {
      TopicAdmin.createTopics(admin, topics, Duration.ofSeconds(60));
    }
    return topics;
  }
}
