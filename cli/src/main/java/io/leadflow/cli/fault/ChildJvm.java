package io.leadflow.cli.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's class path (the leadflow jar, or the test class path under Maven), its stdout and stderr
 * appended to one log file per process generation. {@link #kill} is {@code kill -9}; {@link #stop} is SIGTERM, so the
 * child's shutdown hooks run (Kafka Streams closes and commits, a broker does a controlled shutdown).
 */
final class ChildJvm {

  /** Children die with the harness, even when it is stopped by a signal (finally blocks do not run then). */
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "child-jvm-reaper"));
  }

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path logDir;
  private Process process;
  private Path log;
  private int generation;

  ChildJvm(String name, List<String> jvmOptions, String mainClass, List<String> args, Map<String, String> environment, Path logDir) {
    this.name = name;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    this.command = List.copyOf(cmd);
    this.environment = Map.copyOf(environment);
    this.logDir = logDir;
  }

  String name() {
    return name;
  }

  synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    generation++;
    log = logDir.resolve(name + "." + generation + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      process = builder.start();
      LIVE.add(process);
      process.onExit().thenAccept(LIVE::remove);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** {@code kill -9}: no shutdown hook, no commit, no controlled shutdown. */
  synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM and wait for the shutdown hooks; a child that hangs past the grace is killed and reported. */
  synchronized boolean stop(Duration grace) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return true;
    }
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.destroyForcibly();
    process.waitFor();
    return false;
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process.pid();
  }

  /** Waits until the current generation's log contains {@code marker}; fails early if the process exits. */
  String awaitLine(String marker, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Path current;
      Process running;
      synchronized (this) {
        current = log;
        running = process;
      }
      try {
        if (Files.exists(current)) {
          for (String line : Files.readAllLines(current, StandardCharsets.UTF_8)) {
            if (line.contains(marker)) {
              return line;
            }
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // partly written multi-byte character: read again
      }
      if (!running.isAlive()) {
        throw new IllegalStateException(name + " exited with " + running.exitValue() + " before '" + marker + "'; see " + current);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not log '" + marker + "' within " + timeout + "; see " + log);
  }
}
