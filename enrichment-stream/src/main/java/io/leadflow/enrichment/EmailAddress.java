package io.leadflow.enrichment;

import java.util.Locale;
import java.util.Set;

/**
 * A syntactically usable email address, split and normalized for identity matching: lower case, {@code +tag}
 * removed, and for Gmail the dots in the local part removed (Gmail ignores them), so that
 * {@code Ada.Lovelace+news@GMail.com}, {@code adalovelace@googlemail.com} and {@code adalovelace@gmail.com} are the
 * same person.
 */
public record EmailAddress(String localPart, String host, String registrableDomain) {

  private static final Set<String> GMAIL = Set.of("gmail.com", "googlemail.com");

  /**
   * @throws InvalidLeadEventException if the text is not an address with one {@code @}, a local part and a
   *     host under a public suffix
   */
  public static EmailAddress parse(String text) {
    String trimmed = text.strip();
    int at = trimmed.indexOf('@');
    if (at <= 0 || at != trimmed.lastIndexOf('@') || at == trimmed.length() - 1 || trimmed.contains(" ")) {
      throw new InvalidLeadEventException("unparseable email '" + text + "'");
    }
    String local = trimmed.substring(0, at).toLowerCase(Locale.ROOT);
    String host = trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
    String domain = DomainResolver.registrableDomain(host)
        .orElseThrow(() -> new InvalidLeadEventException("unparseable email '" + text + "': '" + host + "' is not a domain"));
    return new EmailAddress(local, host, domain);
  }

  /** The identity key: two addresses with the same normalized form reach the same inbox. */
  public String normalized() {
    String local = localPart;
    int plus = local.indexOf('+');
    if (plus > 0) {
      local = local.substring(0, plus);
    }
    if (GMAIL.contains(registrableDomain)) {
      // One Gmail inbox, whatever the dots and whichever of Google's two domains.
      return local.replace(".", "") + "@gmail.com";
    }
    return local + "@" + host;
  }
}
