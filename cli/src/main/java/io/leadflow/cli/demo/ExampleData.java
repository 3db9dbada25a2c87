package io.leadflow.cli.demo;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Rep;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.cli.data.CompanyData;
import io.leadflow.cli.data.RepsFile;
import io.leadflow.platform.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The example team, companies and accounts from a folder such as {@code examples/}. */
public record ExampleData(List<Rep> reps, List<CompanyProfile> companies, List<Account> accounts) {

  public static ExampleData read(Path folder, Instant now) {
    return new ExampleData(
        RepsFile.read(folder.resolve("reps.yaml")),
        CompanyData.companies(folder.resolve("companies.csv"), now),
        CompanyData.accounts(folder.resolve("accounts.csv"), now));
  }

  /** Publishes everything to the compacted reference topics and waits for the acknowledgements. */
  public void publish(RecordPublisher publisher, long timestampMs) {
    reps.forEach(rep -> publisher.send(Topics.REPS, rep.getRepId(), rep, timestampMs));
    companies.forEach(c -> publisher.send(Topics.COMPANY_PROFILES, c.getDomain(), c, timestampMs));
    accounts.forEach(a -> publisher.send(Topics.ACCOUNTS, a.getDomain(), a, timestampMs));
    publisher.flush();
  }
}
