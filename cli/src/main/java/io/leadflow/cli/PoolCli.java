package io.leadflow.cli;

import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.PoolCommandType;
import io.leadflow.avro.PoolEvent;
import io.leadflow.avro.PoolEventType;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.api.PoolAnswers;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leadflow pool claim|release|take-next|events}: a rep's pull-pool commands (seed 001) from the shell. A
 * command goes to {@code pool-commands} (key = pool id); the routing stream answers on {@code lead-pool-events}, which
 * the command waits for and prints.
 */
@Command(name = "pool", mixinStandardHelpOptions = true,
    description = "Claim, release or take leads from a pull pool, and read its events (docs/POOL.md).",
    subcommands = {PoolCli.Claim.class, PoolCli.Release.class, PoolCli.TakeNext.class, PoolCli.Events.class})
final class PoolCli {

  /** Exit code when the stream refused the command (the reason is printed). */
  static final int REJECTED = 3;
  /** Exit code when no answer came within --wait. */
  static final int NO_ANSWER = 4;

  abstract static class Send implements Callable<Integer> {
    @Option(names = "--pool", required = true, paramLabel = "POOL") String pool;
    @Option(names = "--rep", required = true, paramLabel = "REP", description = "The rep the command is for.") String rep;
    @Option(names = "--wait", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
        description = "How long to wait for the pool's answer (default ${DEFAULT-VALUE}; 0 = do not wait).")
    Duration wait;
    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;

    abstract PoolCommandType type();

    abstract String leadId();

    @Override
    public Integer call() {
      LayeredConfig config = options.load();
      PoolCommand command = PoolCommand.newBuilder()
          .setCommandId(UUID.randomUUID().toString())
          .setType(type())
          .setPoolId(pool)
          .setRepId(rep)
          .setLeadId(leadId())
          .setIssuedAt(Instant.now())
          .build();
      PrintWriter out = spec.commandLine().getOut();
      // The same reader as the REST API's (routing-stream PoolAnswers): positioned at the end before the command
      // goes out, so the answer cannot be missed.
      try (PoolAnswers answers = wait.isZero() ? null : answers(config)) {
        CompletableFuture<PoolEvent> answer = answers == null ? null : answers.expect(command.getCommandId());
        try (RecordPublisher publisher = new RecordPublisher(config)) {
          publisher.send(Topics.POOL_COMMANDS, pool, command, command.getIssuedAt().toEpochMilli());
          publisher.flush();
        }
        out.printf("%s %s sent (command %s)%n", type().name().toLowerCase().replace('_', '-'), describe(command),
            command.getCommandId());
        if (answer == null) {
          out.flush();
          return 0;
        }
        PoolEvent event;
        try {
          event = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          out.printf("no answer from the pool within %s (is routing-stream running?)%n", wait);
          out.flush();
          return NO_ANSWER;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return NO_ANSWER;
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
        out.println(Events.format(event));
        out.flush();
        return event.getType() == PoolEventType.CLAIM_REJECTED ? REJECTED : 0;
      }
    }

    private static PoolAnswers answers(LayeredConfig config) {
      try {
        return new PoolAnswers(config.kafkaClientProperties());
      } catch (IllegalStateException e) {
        throw new ConfigException(e.getMessage() + " on " + config.bootstrapServers()
            + " (create it with: leadflow topics create)");
      }
    }

    private static String describe(PoolCommand command) {
      return "pool=" + command.getPoolId() + " rep=" + command.getRepId()
          + (command.getLeadId() == null ? "" : " lead=" + command.getLeadId());
    }
  }

  @Command(name = "claim", mixinStandardHelpOptions = true,
      description = "Claim one lead (pool mode); it locks at once and is assigned to the rep.")
  static final class Claim extends Send {
    @Option(names = "--lead", required = true, paramLabel = "LEAD") String lead;

    @Override
    PoolCommandType type() {
      return PoolCommandType.CLAIM;
    }

    @Override
    String leadId() {
      return lead;
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true,
      description = "Give a claimed lead back to the pool (it keeps its place in the queue).")
  static final class Release extends Send {
    @Option(names = "--lead", required = true, paramLabel = "LEAD") String lead;

    @Override
    PoolCommandType type() {
      return PoolCommandType.RELEASE;
    }

    @Override
    String leadId() {
      return lead;
    }
  }

  @Command(name = "take-next", mixinStandardHelpOptions = true,
      description = "Claim the oldest lead the rep may take (queue mode, or pool mode without choosing).")
  static final class TakeNext extends Send {
    @Override
    PoolCommandType type() {
      return PoolCommandType.TAKE_NEXT;
    }

    @Override
    String leadId() {
      return null;
    }
  }

  @Command(name = "events", mixinStandardHelpOptions = true,
      description = "Print a pool's events so far (entered, claimed, rejected with the reason, released, lapsed, "
          + "escalated).")
  static final class Events implements Callable<Integer> {
    @Option(names = "--pool", paramLabel = "POOL", description = "Only this pool (default: all).") String pool;
    @Option(names = "--lead", paramLabel = "LEAD", description = "Only this lead.") String lead;
    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (PoolEvent event : TopicSnapshot.readAll(options.load(), Topics.LEAD_POOL_EVENTS, pool)) {
        if (lead == null || lead.equals(event.getLeadId())) {
          out.println(format(event));
        }
      }
      out.flush();
      return 0;
    }

    static String format(PoolEvent event) {
      return String.format("%s  %-8s %-24s %-16s %-10s %s", event.getOccurredAt(), event.getPoolId(),
          event.getType(), event.getLeadId().isEmpty() ? "-" : event.getLeadId(),
          event.getRepId() == null ? "-" : event.getRepId(), event.getReason() == null ? "" : event.getReason());
    }
  }
}
