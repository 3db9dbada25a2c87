package io.leadflow.cli.data;

import io.leadflow.platform.config.ConfigException;

/** A row or field of a data or config file is wrong; the message names the file, line and field. */
public class DataFileException extends ConfigException {

  public DataFileException(String message, Throwable cause) {
    super(message, cause);
  }

  public DataFileException(String message) {
    super(message);
  }
}
