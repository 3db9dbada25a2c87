package io.leadflow.cli.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format}: {@code text} (readable, the default and what the demo uses) or {@code json} (one object
 * per line, {@link JsonLineEncoder}). logback.xml already picks the format from {@code LEADFLOW_LOG_FORMAT} at
 * start-up; this applies the setting from a config file or {@code --set} once the config is read.
 */
public final class LogFormat {

  public static final String KEY = "logging.format";

  /** The text layout of logback.xml: key-value pairs (leadId=…, repId=…) follow the message. */
  static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg %kvp{NONE}%n";

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

  /** Switches the root logger's console encoder to {@code text} or {@code json}. */
  static void use(String format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding: its own configuration decides
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LeadflowEncoder encoder = encoderOf(root);
    if (encoder == null) {
      // A logback configuration other than ours (tests): replace its console output with ours.
      encoder = new LeadflowEncoder();
      encoder.setContext(context);
      encoder.start();
      ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
      appender.setContext(context);
      appender.setName("console");
      appender.setTarget("System.err");
      appender.setEncoder(encoder);
      appender.start();
      root.detachAndStopAllAppenders();
      root.addAppender(appender);
    }
    encoder.setFormat(format);
  }

  static LeadflowEncoder encoderOf(Logger root) {
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> console
          && console.getEncoder() instanceof LeadflowEncoder encoder) {
        return encoder;
      }
    }
    return null;
  }
}
