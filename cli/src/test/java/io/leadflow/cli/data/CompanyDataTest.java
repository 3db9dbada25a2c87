package io.leadflow.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.Account;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.CompanyProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompanyDataTest {

  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

  @TempDir
  Path dir;

  private Path file(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readsCompaniesFromCsvAndNormalizesDomains() throws Exception {
    Path csv = file("companies.csv", """
        domain,name,industry,employeeCount,annualRevenue,country,region,state
        https://www.Acme.co.uk/about,Acme Ltd,Manufacturing,650,97500000,gb,UK,
        globex.de,Globex AG,,,,,,
        """);

    List<CompanyProfile> companies = CompanyData.companies(csv, NOW);

    assertThat(companies).extracting(CompanyProfile::getDomain).containsExactly("acme.co.uk", "globex.de");
    CompanyProfile acme = companies.get(0);
    assertThat(acme.getFirmographics().getEmployeeCount()).isEqualTo(650);
    assertThat(acme.getFirmographics().getCountry()).isEqualTo("GB");
    assertThat(acme.getFirmographics().getState()).isNull();
    assertThat(companies.get(1).getFirmographics().getIndustry()).isNull();
  }

  @Test
  void readsCompaniesFromJsonLines() throws Exception {
    Path jsonl = file("companies.jsonl", """
        {"domain": "acme.de", "name": "Acme GmbH", "employeeCount": 120, "country": "DE"}

        {"domain": "globex.de", "name": "Globex AG", "annualRevenue": 1.5E7}
        """);

    List<CompanyProfile> companies = CompanyData.companies(jsonl, NOW);

    assertThat(companies).extracting(CompanyProfile::getDomain).containsExactly("acme.de", "globex.de");
    assertThat(companies.get(0).getFirmographics().getEmployeeCount()).isEqualTo(120);
    assertThat(companies.get(1).getFirmographics().getAnnualRevenue()).isEqualTo(1.5E7);
  }

  @Test
  void listsEveryBadRowWithFileLineAndFieldAndLoadsNothing() throws Exception {
    Path csv = file("companies.csv", """
        domain,name,industry,employeeCount,annualRevenue,country,region,state
        acme.de,Acme GmbH,Software,120,,DE,,
        not a domain,Broken Inc,,,,,,
        globex.de,,Software,lots,,DEU,,
        initech.com,Initech,Software,-5,NaN,US,,
        """);

    assertThatThrownBy(() -> CompanyData.companies(csv, NOW))
        .isInstanceOf(DataFileException.class)
        .hasMessageContaining("3 bad row(s) in " + csv + "; nothing was loaded")
        .hasMessageContaining(csv + ":3: field 'domain': expected a registrable domain such as acme.co.uk, got 'not a domain'")
        .hasMessageContaining(csv + ":4: field 'name' is required")
        .hasMessageContaining(csv + ":5: field 'employeeCount': expected a whole number of 0 or more, got '-5'");
  }

  @Test
  void badJsonLinesAreNamedByLine() throws Exception {
    Path jsonl = file("companies.jsonl", "{\"domain\": \"acme.de\", \"name\": \"Acme\"}\n{broken\n");

    assertThatThrownBy(() -> CompanyData.companies(jsonl, NOW))
        .hasMessageContaining(jsonl + ":2: not a JSON object");
  }

  @Test
  void readsAccountsAndChecksTheirType() throws Exception {
    Path csv = file("accounts.csv", """
        accountId,domain,name,type,ownerRepId,strategic
        acc-1,acme.de,Acme GmbH,customer,rep-anna,false
        acc-2,globex.de,Globex AG,NAMED,rep-ben,yes
        acc-3,initech.com,Initech,PARTNER,,maybe
        """);

    assertThatThrownBy(() -> CompanyData.accounts(csv, NOW))
        .hasMessageContaining(csv + ":4: field 'type': expected CUSTOMER or NAMED, got 'PARTNER'");

    Files.writeString(csv, String.join("\n", Files.readAllLines(csv).subList(0, 3)) + "\n");
    List<Account> accounts = CompanyData.accounts(csv, NOW);
    assertThat(accounts).extracting(Account::getType).containsExactly(AccountType.CUSTOMER, AccountType.NAMED);
    assertThat(accounts).extracting(Account::getStrategic).containsExactly(false, true);
  }

  @Test
  void theExampleFilesAreValid() {
    Path examples = Path.of("..", "examples");
    assertThat(CompanyData.companies(examples.resolve("companies.csv"), NOW)).hasSize(50);
    assertThat(CompanyData.accounts(examples.resolve("accounts.csv"), NOW)).hasSize(4);
    assertThat(RepsFile.read(examples.resolve("reps.yaml"))).hasSize(8);
  }
}
