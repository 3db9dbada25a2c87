package io.leadflow.enrichment;

import com.google.common.net.InternetDomainName;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Host names to registrable domains with the public suffix list that ships with Guava:
 * {@code mail.eu.acme.co.uk} → {@code acme.co.uk}. Free-mail and disposable domains are recognised from
 * configuration and never stand for a company.
 */
public final class DomainResolver {

  private final Set<String> personalDomains;

  public DomainResolver(Set<String> personalDomains) {
    this.personalDomains = personalDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** The registrable domain of a host name, or empty if it has none (an IP, a bare suffix, garbage). */
  public static Optional<String> registrableDomain(String host) {
    if (host == null) {
      return Optional.empty();
    }
    String cleaned = host.strip().toLowerCase(Locale.ROOT);
    while (cleaned.endsWith(".")) {
      cleaned = cleaned.substring(0, cleaned.length() - 1);
    }
    if (cleaned.isEmpty() || !InternetDomainName.isValid(cleaned)) {
      return Optional.empty();
    }
    InternetDomainName name = InternetDomainName.from(cleaned);
    if (!name.isUnderPublicSuffix()) {
      return Optional.empty();
    }
    return Optional.of(name.topPrivateDomain().toString());
  }

  /** The registrable domain of a website given as {@code acme.com}, {@code www.acme.com/path} or a full URL. */
  public static Optional<String> websiteDomain(String website) {
    if (website == null || website.isBlank()) {
      return Optional.empty();
    }
    String candidate = website.strip();
    if (!candidate.contains("://")) {
      candidate = "http://" + candidate;
    }
    try {
      return registrableDomain(URI.create(candidate).getHost());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** True for free-mail and disposable providers (gmail.com, web.de, …): such a domain says nothing about a company. */
  public boolean isPersonal(String registrableDomain) {
    return registrableDomain != null && personalDomains.contains(registrableDomain);
  }
}
