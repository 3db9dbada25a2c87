package io.leadflow.enrichment;

import java.util.Locale;
import java.util.Optional;

/** Email to company domain. */
public final class EmailDomains {

  private EmailDomains() {}

  /** The lower-cased domain after the last {@code @}, or empty if the address has none. */
  public static Optional<String> domainOf(String email) {
    if (email == null) {
      return Optional.empty();
    }
    int at = email.lastIndexOf('@');
    if (at < 1 || at == email.length() - 1) {
      return Optional.empty();
    }
    String domain = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    while (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return domain.contains(".") ? Optional.of(domain) : Optional.empty();
  }
}
