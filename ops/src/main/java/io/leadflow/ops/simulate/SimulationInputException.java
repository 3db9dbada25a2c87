package io.leadflow.ops.simulate;

/** A bad event log line or config file; the message names the file, the line and the field. */
public final class SimulationInputException extends RuntimeException {

  public SimulationInputException(String message) {
    super(message);
  }

  public SimulationInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
