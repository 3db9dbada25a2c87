package io.leadflow.platform.topics;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** One topic: its name, how its keys and values are (de)serialized, and whether it is compacted. */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {

  public Consumed<K, V> consumed(String processorName) {
    return Consumed.with(keySerde, valueSerde).withName(processorName);
  }

  public Produced<K, V> produced(String processorName) {
    return Produced.with(keySerde, valueSerde).withName(processorName);
  }

  public NewTopic newTopic(int partitions, short replicationFactor) {
    NewTopic topic = new NewTopic(name, partitions, replicationFactor);
    return compacted ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)) : topic;
  }
}
