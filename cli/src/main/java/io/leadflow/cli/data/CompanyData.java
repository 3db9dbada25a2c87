package io.leadflow.cli.data;

import io.leadflow.avro.Account;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import io.leadflow.enrichment.DomainResolver;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Company profiles and accounts from CSV or JSON Lines (see examples/companies.csv and examples/accounts.csv).
 * Domains are normalized the way leads are ({@code https://www.Acme.co.uk} → {@code acme.co.uk}), so keys match.
 */
public final class CompanyData {

  private CompanyData() {}

  public static List<CompanyProfile> companies(Path file, Instant updatedAt) {
    return DataRows.read(file, List.of("domain", "name"), row -> CompanyProfile.newBuilder()
        .setDomain(domain(row))
        .setName(row.required("name"))
        .setFirmographics(Firmographics.newBuilder()
            .setIndustry(row.optional("industry"))
            .setEmployeeCount(row.optionalInt("employeeCount"))
            .setAnnualRevenue(row.optionalDouble("annualRevenue"))
            .setCountry(country(row))
            .setRegion(row.optional("region"))
            .setState(row.optional("state"))
            .build())
        .setUpdatedAt(updatedAt)
        .build());
  }

  public static List<Account> accounts(Path file, Instant updatedAt) {
    return DataRows.read(file, List.of("accountId", "domain", "name", "type"), row -> {
      String type = row.required("type").toUpperCase(Locale.ROOT);
      if (!type.equals("CUSTOMER") && !type.equals("NAMED")) {
        throw row.invalid("type", "CUSTOMER or NAMED", type);
      }
      Boolean strategic = row.optionalBoolean("strategic");
      return Account.newBuilder()
          .setAccountId(row.required("accountId"))
          .setDomain(domain(row))
          .setName(row.required("name"))
          .setType(AccountType.valueOf(type))
          .setOwnerRepId(row.optional("ownerRepId"))
          .setStrategic(strategic != null && strategic)
          .setUpdatedAt(updatedAt)
          .build();
    });
  }

  private static String domain(DataRows.Row row) {
    String raw = row.required("domain");
    return DomainResolver.websiteDomain(raw).orElseThrow(() -> row.invalid("domain", "a registrable domain such as acme.co.uk", raw));
  }

  private static String country(DataRows.Row row) {
    String country = row.optional("country");
    if (country != null && !country.matches("[A-Za-z]{2}")) {
      throw row.invalid("country", "an ISO 3166 two-letter code", country);
    }
    return country == null ? null : country.toUpperCase(Locale.ROOT);
  }
}
