package io.leadflow.cli.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format}: {@code text} (readable, the default and what the demo uses) or {@code json} (one object
 * per line, {@link JsonLineEncoder}). logback.xml already picks the appender from {@code LEADFLOW_LOG_FORMAT} at
 * start-up; this applies the setting from a config file or {@code --set} once the config is read.
 */
public final class LogFormat {

  public static final String KEY = "logging.format";

  private LogFormat() {}

  public static void apply(LayeredConfig config) {
    String format = config.find(KEY).orElse("text").strip().toLowerCase(Locale.ROOT);
    switch (format) {
      case "json" -> use("json");
      case "text" -> {
        // Text is logback.xml's default; an environment that asked for JSON keeps it.
      }
      default -> throw new ConfigException(config.origin(KEY) + ": field '" + KEY + "' must be text or json, got '"
          + format + "'");
    }
  }

  /** Routes the root logger to the named appender of logback.xml ({@code text} or {@code json}). */
  static void use(String appenderName) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding: its own configuration decides
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(appenderName) != null) {
      return;
    }
    Appender<ILoggingEvent> wanted = consoleAppender(context, appenderName);
    root.detachAndStopAllAppenders();
    root.addAppender(wanted);
  }

  private static Appender<ILoggingEvent> consoleAppender(LoggerContext context, String name) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setTarget("System.err");
    if (name.equals("json")) {
      JsonLineEncoder encoder = new JsonLineEncoder();
      encoder.setContext(context);
      encoder.start();
      appender.setEncoder(encoder);
    } else {
      ch.qos.logback.classic.encoder.PatternLayoutEncoder encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern(TEXT_PATTERN);
      encoder.start();
      appender.setEncoder(encoder);
    }
    appender.start();
    return appender;
  }

  /** The same as logback.xml's text appender. */
  static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg %kvp{NONE}%n";
}
