package io.leadflow.platform.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic creation that returns only when the topics can be written to. */
public final class TopicAdmin {

  private static final long POLL_MS = 100;

  private TopicAdmin() {}

  /**
   * Creates the topics that do not exist yet, then waits until every partition of every topic has a leader:
   * producing into a just-created topic otherwise fails with NotLeaderOrFollower and, from an idempotent
   * producer, a burst of OutOfOrderSequence errors.
   */
  public static void createTopics(Admin admin, Collection<NewTopic> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    admin.createTopics(topics).values().forEach((name, future) -> {
      try {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topic " + name, e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("topic " + name + " was not created within " + timeout, e);
      }
    });
    Set<String> waiting = topics.stream().map(NewTopic::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    while (!waiting.isEmpty()) {
      waiting.removeAll(topicsWithAllLeaders(admin, waiting));
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics without a leader for every partition after " + timeout + ": " + waiting);
      }
      sleep();
    }
  }

  private static Set<String> topicsWithAllLeaders(Admin admin, Set<String> names) {
    Map<String, TopicDescription> described;
    try {
      described = admin.describeTopics(List.copyOf(names)).allTopicNames().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Set.of(); // metadata not propagated yet
      }
      throw new IllegalStateException("cannot describe topics " + names + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for topics", e);
    }
    return described.values().stream()
        .filter(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))
        .map(TopicDescription::name)
        .collect(Collectors.toSet());
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for topics", e);
    }
  }
}
