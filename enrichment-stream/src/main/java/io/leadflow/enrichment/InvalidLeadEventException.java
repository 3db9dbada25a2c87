package io.leadflow.enrichment;

/** A lead event that cannot be processed; the processing handler sends it to the DLQ with this message. */
public class InvalidLeadEventException extends io.leadflow.platform.validation.InvalidInputException {

  public InvalidLeadEventException(String message) {
    super(message);
  }
}
