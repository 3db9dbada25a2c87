package io.leadflow.platform.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;

/**
 * Finds the line of a key in a YAML document by its JSON pointer ({@code /reps/2/weight}), so that a check made after
 * parsing (a NaN weight, a duplicate id, an unknown signal) can name the line like a type error does.
 */
public final class YamlLines {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlLines() {}

  /**
   * @return the 1-based line of the key at {@code pointer}, or of its nearest parent that exists; -1 if none does
   */
  public static int lineOf(byte[] yaml, String pointer) {
    String wanted = pointer;
    while (!wanted.isEmpty()) {
      int line = exactLine(yaml, wanted);
      if (line > 0) {
        return line;
      }
      wanted = wanted.substring(0, wanted.lastIndexOf('/'));
    }
    return -1;
  }

  /** {@code source:line} or just {@code source} when the line is unknown. */
  public static String at(String source, byte[] yaml, String pointer) {
    int line = lineOf(yaml, pointer);
    return line > 0 ? source + ":" + line : source;
  }

  /** The field a Jackson mapping error is about, the way the file spells it ({@code reps[1].tier}), not Jackson's class path. */
  public static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** {@code pools.general.weight-model} or {@code territories[0].pool} as a JSON pointer. */
  public static String pointer(String dottedPath) {
    return "/" + dottedPath.replaceAll("\\[(\\d+)]", ".$1").replace(".", "/");
  }

  private static int exactLine(byte[] yaml, String pointer) {
    try (JsonParser parser = FACTORY.createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          if (parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
            return parser.getTokenLocation().getLineNr();
          }
        } else if (token.isScalarValue() || token.isStructStart()) {
          // a list element has no key: its line is where its value starts
          if (parser.getParsingContext().getParent() != null && parser.getParsingContext().getParent().inArray()
              && token.isStructStart() && parser.getParsingContext().getParent().pathAsPointer().toString().equals(pointer)) {
            return parser.getTokenLocation().getLineNr();
          }
          if (parser.getParsingContext().inArray() && !token.isStructStart()
              && parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
            return parser.getTokenLocation().getLineNr();
          }
        }
      }
    } catch (IOException notFound) {
      // the caller falls back to a parent or to no line
    }
    return -1;
  }
}
