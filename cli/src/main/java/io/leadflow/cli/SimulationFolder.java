package io.leadflow.cli;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Rep;
import io.leadflow.cli.data.CompanyData;
import io.leadflow.cli.data.RepsFile;
import io.leadflow.ops.simulate.SimulationInputException;
import io.leadflow.ops.simulate.SimulationSetup;
import io.leadflow.platform.config.LayeredConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulate/backtest config folder (docs/SIMULATE.md): {@code leadflow.yaml}, {@code scoring.yaml},
 * {@code routing.yaml}, {@code reps.yaml}, {@code companies.csv}, {@code accounts.csv}, all optional. A candidate
 * folder of a backtest holds only what it changes; every other file comes from the current folder. Environment
 * variables are not read: the same folders must give the same run anywhere.
 */
final class SimulationFolder {

  static final String SETTINGS = "leadflow.yaml";
  static final String SCORING = "scoring.yaml";
  static final String ROUTING = "routing.yaml";
  static final String REPS = "reps.yaml";
  static final String COMPANIES = "companies.csv";
  static final String ACCOUNTS = "accounts.csv";

  private SimulationFolder() {}

  static SimulationSetup load(Path folder) {
    return load(folder.getFileName() == null ? folder.toString() : folder.getFileName().toString(), folder, null);
  }

  /** {@code candidate} over {@code current}: a file in the candidate replaces the current one of that name. */
  static SimulationSetup load(String name, Path candidate, Path current) {
    if (!Files.isDirectory(candidate)) {
      throw new SimulationInputException(candidate + ": not a config folder");
    }
    LayeredConfig.Builder builder = LayeredConfig.builder();
    find(SETTINGS, candidate, current).ifPresent(builder::file);
    Map<String, String> files = new HashMap<>();
    find(SCORING, candidate, current).ifPresent(p -> files.put("scoring.rules-file", p.toString()));
    find(ROUTING, candidate, current).ifPresent(p -> files.put("routing.rules-file", p.toString()));
    LayeredConfig config = builder.overrides(files).build();
    List<Rep> reps = find(REPS, candidate, current).map(RepsFile::read).orElse(List.of());
    // A fixed load time: the reference data is there before the first event, whatever the day of the run.
    List<CompanyProfile> companies = find(COMPANIES, candidate, current)
        .map(p -> CompanyData.companies(p, Instant.EPOCH)).orElse(List.of());
    List<Account> accounts = find(ACCOUNTS, candidate, current)
        .map(p -> CompanyData.accounts(p, Instant.EPOCH)).orElse(List.of());
    return new SimulationSetup(name, config, reps, List.of(), companies, accounts);
  }

  private static java.util.Optional<Path> find(String file, Path candidate, Path current) {
    Path own = candidate.resolve(file);
    if (Files.isRegularFile(own)) {
      return java.util.Optional.of(own);
    }
    return current == null ? java.util.Optional.empty()
        : java.util.Optional.of(current.resolve(file)).filter(Files::isRegularFile);
  }
}
