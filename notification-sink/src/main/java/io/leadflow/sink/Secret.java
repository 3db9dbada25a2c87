package io.leadflow.sink;

/**
 * A password, signing key or token URL from the environment or a config file. It prints as {@code ***} so that it
 * cannot end up in a log line, an exception message or a record by accident; {@link #reveal()} is the one way in.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value == null || value.isEmpty();
  }

  @Override
  public String toString() {
    return "***";
  }
}
