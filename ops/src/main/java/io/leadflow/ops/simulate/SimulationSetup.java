package io.leadflow.ops.simulate;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepWeight;
import io.leadflow.platform.config.LayeredConfig;
import java.util.List;

/**
 * What a simulation runs under (a "policy" in a backtest): the layered config (with {@code scoring.rules-file} and
 * {@code routing.rules-file} pointing at the rules), and the reference data loaded before the first event, as
 * {@code leadflow load} would have put it on the compacted topics. {@code name} labels the policy in reports.
 */
public record SimulationSetup(String name, LayeredConfig config, List<Rep> reps, List<RepWeight> repWeights,
    List<CompanyProfile> companies, List<Account> accounts) {

  public SimulationSetup {
    reps = List.copyOf(reps);
    repWeights = List.copyOf(repWeights);
    companies = List.copyOf(companies);
    accounts = List.copyOf(accounts);
  }
}
