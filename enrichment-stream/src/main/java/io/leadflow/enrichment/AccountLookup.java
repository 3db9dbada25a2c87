package io.leadflow.enrichment;

import io.leadflow.avro.Account;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** Reads the accounts GlobalKTable by domain. */
final class AccountLookup {

  private final TimestampedKeyValueStore<String, Account> accounts;

  private AccountLookup(TimestampedKeyValueStore<String, Account> accounts) {
    this.accounts = accounts;
  }

  static AccountLookup open(ProcessorContext<?, ?> context) {
    return new AccountLookup(context.getStateStore(EnrichmentTopology.ACCOUNTS_STORE));
  }

  /** The account for a domain, or null. */
  Account find(String domain) {
    ValueAndTimestamp<Account> account = accounts.get(domain);
    return account == null ? null : account.value();
  }
}
