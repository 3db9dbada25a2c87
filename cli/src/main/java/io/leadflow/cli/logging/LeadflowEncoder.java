package io.leadflow.cli.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Locale;

/**
 * The console encoder of logback.xml: text ({@code pattern}) or JSON lines ({@link JsonLineEncoder}), chosen by
 * {@code format} and switchable at run time ({@link LogFormat}). One appender with a switch rather than two
 * appenders, because logback warns about (and prints its whole status for) an appender nobody references.
 */
public final class LeadflowEncoder extends EncoderBase<ILoggingEvent> {

  private volatile boolean json;
  private String pattern = LogFormat.TEXT_PATTERN;
  private final PatternLayoutEncoder text = new PatternLayoutEncoder();
  private final JsonLineEncoder jsonLines = new JsonLineEncoder();

  /** {@code text} or {@code json}; anything else is text. */
  public void setFormat(String format) {
    json = "json".equals(format == null ? "" : format.strip().toLowerCase(Locale.ROOT));
  }

  public boolean isJson() {
    return json;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    text.setContext(getContext());
    text.setPattern(pattern);
    text.start();
    jsonLines.setContext(getContext());
    jsonLines.start();
    super.start();
  }

  @Override
  public void stop() {
    text.stop();
    jsonLines.stop();
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return json ? jsonLines.encode(event) : text.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
