package io.leadflow.routing;

/** No rep can take the lead; the processing handler sends the request to the DLQ with this reason. */
public class NoEligibleRepException extends RuntimeException {

  public NoEligibleRepException(String message) {
    super(message);
  }
}
