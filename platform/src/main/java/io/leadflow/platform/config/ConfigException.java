package io.leadflow.platform.config;

/** Bad configuration: the message names where the value came from (file and line, variable, flag) and the field. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
