package io.leadflow.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line with flat fields: {@code time, level, logger, thread, message}, then every SLF4J
 * key-value pair and MDC entry as a field of its own ({@code leadId}, {@code repId}, …), then {@code exception}.
 * Logback's own JsonEncoder nests key-value pairs in a list of one-entry objects, which log shippers cannot index
 * by name; this keeps {@code leadId} a plain top-level field.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> RESERVED = Set.of("time", "level", "logger", "thread", "message", "exception");
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", event.getFormattedMessage());
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          if (pair.value != null && !RESERVED.contains(pair.key)) {
            writeValue(json, pair.key, pair.value);
          }
        }
      }
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null) {
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
          if (!RESERVED.contains(entry.getKey())) {
            json.writeStringField(entry.getKey(), entry.getValue());
          }
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Numbers and booleans stay JSON numbers and booleans; everything else is its string. */
  private static void writeValue(JsonGenerator json, String key, Object value) throws IOException {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      json.writeNumberField(key, ((Number) value).longValue());
    } else if (value instanceof Number number) {
      json.writeNumberField(key, number.doubleValue());
    } else if (value instanceof Boolean bool) {
      json.writeBooleanField(key, bool);
    } else {
      json.writeStringField(key, value.toString());
    }
  }
}
