package io.leadflow.cli.data;

import io.leadflow.avro.Account;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Company profiles and accounts from CSV (see examples/companies.csv and examples/accounts.csv). */
public final class CompanyData {

  private CompanyData() {}

  public static List<CompanyProfile> companies(Path file, Instant updatedAt) {
    return CsvRows.read(file, row -> CompanyProfile.newBuilder()
        .setDomain(row.required("domain").toLowerCase(Locale.ROOT))
        .setName(row.required("name"))
        .setFirmographics(Firmographics.newBuilder()
            .setIndustry(row.optional("industry"))
            .setEmployeeCount(row.optionalInt("employeeCount"))
            .setAnnualRevenue(row.optionalDouble("annualRevenue"))
            .setCountry(row.optional("country"))
            .setRegion(row.optional("region"))
            .setState(row.optional("state"))
            .build())
        .setUpdatedAt(updatedAt)
        .build());
  }

  public static List<Account> accounts(Path file, Instant updatedAt) {
    return CsvRows.read(file, row -> {
      String type = row.required("type").toUpperCase(Locale.ROOT);
      if (!type.equals("CUSTOMER") && !type.equals("NAMED")) {
        throw new DataFileException(file + ":" + row.line() + ": field 'type': expected CUSTOMER or NAMED, got '" + type + "'");
      }
      return Account.newBuilder()
          .setAccountId(row.required("accountId"))
          .setDomain(row.required("domain").toLowerCase(Locale.ROOT))
          .setName(row.required("name"))
          .setType(AccountType.valueOf(type))
          .setOwnerRepId(row.optional("ownerRepId"))
          .setStrategic(Boolean.parseBoolean(row.optional("strategic")))
          .setUpdatedAt(updatedAt)
          .build();
    });
  }
}
