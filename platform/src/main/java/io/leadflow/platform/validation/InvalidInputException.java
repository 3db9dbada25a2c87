package io.leadflow.platform.validation;

/** A record the pipeline refuses; the processing exception handler sends it to the DLQ with this message. */
public class InvalidInputException extends RuntimeException {

  public InvalidInputException(String message) {
    super(message);
  }
}
