package io.leadflow.cli.corpus;

import io.leadflow.cli.data.CompanyData;
import io.leadflow.cli.data.RepsCsv;
import io.leadflow.cli.data.RepsFile;
import io.leadflow.ops.simulate.EventLog;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.routing.RoutingRules;
import io.leadflow.scoring.ScoringRules;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** The bad files of the corpus (docs/BAD-INPUT.md): config, data and CLI input files, one mistake each. */
final class LoaderCorpus {

  private LoaderCorpus() {}

  private static final String REPS_CSV_HEADER = String.join(",", RepsCsv.COLUMNS);

  static final Consumer<Path> SERVICE_CONFIG = file -> {
    LayeredConfig config = LayeredConfig.builder().file(file).build();
    // What every service does at start-up: the typed settings are read once, so a bad value stops it there.
    config.integer("topics.partitions");
    config.duration("routing.retry-interval");
  };
  static final Consumer<Path> ROUTING = RoutingRules::read;
  static final Consumer<Path> SCORING = ScoringRules::read;
  static final Consumer<Path> REPS_YAML = RepsFile::read;
  static final Consumer<Path> REPS_CSV = RepsCsv::read;
  static final Consumer<Path> COMPANIES = file -> CompanyData.companies(file, Instant.EPOCH);
  static final Consumer<Path> ACCOUNTS = file -> CompanyData.accounts(file, Instant.EPOCH);
  static final Consumer<Path> SIMULATE_EVENTS = EventLog::read;

  static List<LoaderCase> cases() {
    return List.of(
        new LoaderCase("YAML service config with a type error", "leadflow --config", "leadflow.yaml", """
            kafka:
              bootstrap.servers: localhost:9092
            topics:
              partitions: lots
            """, SERVICE_CONFIG, 4, "topics.partitions"),
        new LoaderCase("YAML service config with a bad duration", "leadflow --config", "leadflow.yaml", """
            routing:
              retry-interval: soon
            """, SERVICE_CONFIG, 2, "routing.retry-interval"),
        new LoaderCase("routing rules with a type error", "config apply-routing", "routing.yaml", """
            version: corpus
            max-reroutes: many
            """, ROUTING, 2, "max-reroutes"),
        new LoaderCase("routing rules naming an unknown hierarchy level", "config apply-routing", "routing.yaml", """
            version: corpus
            hierarchy: [account-owner, territorry]
            """, ROUTING, 2, "hierarchy"),
        new LoaderCase("routing rules with an unknown weight model for a pool", "config apply-routing", "routing.yaml", """
            version: corpus
            pools:
              general: {weight-model: static}
              dach:
                weight-model: fanciest
            """, ROUTING, 5, "pools.dach.weight-model"),
        new LoaderCase("routing rules: territory without a pool", "config apply-routing", "routing.yaml", """
            version: corpus
            territories:
              - {pool: dach, regions: [DACH]}
              - {countries: [US]}
            """, ROUTING, 4, "territories[1].pool"),
        new LoaderCase("scoring rules with a type error", "config apply-scoring", "scoring.yaml", """
            version: corpus
            thresholds: {prospect-fit: 20, mql: fifty, hot: 80}
            """, SCORING, 2, "thresholds.mql"),
        new LoaderCase("scoring rules with NaN points", "config apply-scoring", "scoring.yaml", """
            version: corpus
            thresholds: {prospect-fit: 20, mql: 50, hot: 80}
            signals:
              - {name: intent, half-life: 14d}
            fit:
              - {name: industry, field: industry, in: [Software], points: .nan}
            activities: []
            """, SCORING, 6, "fit[0].points"),
        new LoaderCase("scoring rules: activity naming an unknown signal", "config apply-scoring", "scoring.yaml", """
            version: corpus
            thresholds: {prospect-fit: 20, mql: 50, hot: 80}
            signals:
              - {name: intent, half-life: 14d}
            fit: []
            activities:
              - name: demo
                type: demo_request
                signal: intnet
                points: 40
            """, SCORING, 9, "activities[0].signal"),
        new LoaderCase("reps YAML with a type error", "load reps", "reps.yaml", """
            reps:
              - repId: rep-a
                name: A
                tier: top
            """, REPS_YAML, 4, "tier"),
        new LoaderCase("reps YAML with weight NaN", "load reps", "reps.yaml", """
            reps:
              - {repId: rep-a, name: A, weight: 2}
              - repId: rep-b
                name: B
                weight: .nan
            """, REPS_YAML, 5, "weight"),
        new LoaderCase("reps YAML with a negative weight", "load reps", "reps.yaml", """
            reps:
              - repId: rep-a
                name: A
                weight: -1
            """, REPS_YAML, 4, "weight"),
        new LoaderCase("reps YAML with a duplicate rep id", "load reps", "reps.yaml", """
            reps:
              - {repId: rep-a, name: A}
              - {repId: rep-b, name: B}
              - {repId: rep-a, name: A again}
            """, REPS_YAML, 4, "repId"),
        new LoaderCase("reps YAML with an unknown enum symbol", "load reps", "reps.yaml", """
            reps:
              - repId: rep-a
                name: A
                segments: [GIANT]
            """, REPS_YAML, 4, "segments"),
        new LoaderCase("reps CSV with a bad row (weight not a number)", "reps import", "reps.csv",
            REPS_CSV_HEADER + "\n"
                + "rep-a,A,a@x.de,true,general,1,2.0,0.3,1.0,50,true,UTC,,,\n"
                + "rep-b,B,b@x.de,true,general,2,heavy,0.3,1.0,50,true,UTC,,,\n",
            REPS_CSV, 3, "weight"),
        new LoaderCase("reps CSV with weight NaN", "reps import", "reps.csv",
            REPS_CSV_HEADER + "\n" + "rep-a,A,a@x.de,true,general,1,NaN,0.3,1.0,50,true,UTC,,,\n",
            REPS_CSV, 2, "weight"),
        new LoaderCase("reps CSV with a duplicate rep id", "reps import", "reps.csv",
            REPS_CSV_HEADER + "\n"
                + "rep-a,A,a@x.de,true,general,1,1,0.3,1.0,50,true,UTC,,,\n"
                + "rep-a,A2,a@x.de,true,general,1,1,0.3,1.0,50,true,UTC,,,\n",
            REPS_CSV, 3, "repId"),
        new LoaderCase("companies CSV with a negative employee count", "load companies", "companies.csv", """
            domain,name,industry,employeeCount,annualRevenue,country,region,state
            acme.de,Acme GmbH,Software,120,1000000,DE,DACH,
            ember.de,Ember GmbH,Software,-5,1000000,DE,DACH,
            """, COMPANIES, 3, "employeeCount"),
        new LoaderCase("companies CSV with NaN revenue", "load companies", "companies.csv", """
            domain,name,industry,employeeCount,annualRevenue,country,region,state
            acme.de,Acme GmbH,Software,120,NaN,DE,DACH,
            """, COMPANIES, 2, "annualRevenue"),
        new LoaderCase("companies CSV with a row of too many columns", "load companies", "companies.csv", """
            domain,name,industry,employeeCount,annualRevenue,country,region,state
            acme.de,Acme GmbH,Software,120,1000000,DE,DACH,
            ember.de,Ember, GmbH,Software,12,1000000,DE,DACH,
            """, COMPANIES, 3, "columns"),
        new LoaderCase("companies JSON Lines with a line that is not JSON", "load companies", "companies.jsonl", """
            {"domain": "acme.de", "name": "Acme GmbH"}
            {"domain": "ember.de", "name": "Ember GmbH",
            """, COMPANIES, 2, "JSON"),
        new LoaderCase("accounts CSV with an unknown account type", "load accounts", "accounts.csv", """
            accountId,domain,name,type,ownerRepId,strategic
            acc-1,acme.de,Acme,CUSTOMER,rep-a,false
            acc-2,ember.de,Ember,PARTNER,rep-b,false
            """, ACCOUNTS, 3, "type"),
        new LoaderCase("companies CSV without a header row", "load companies", "companies.csv", """
            acme.de,Acme GmbH,Software,120,1000000,DE,DACH,
            """, COMPANIES, 1, "domain"),
        new LoaderCase("simulate event log with an unknown event kind", "simulate", "events.jsonl", """
            {"kind": "lead", "at": "2026-01-05T09:00:00Z", "eventId": "e1", "leadId": "l1", "type": "PROFILE", "occurredAt": "2026-01-05T09:00:00Z"}
            {"kind": "lead-evnt", "at": "2026-01-05T09:00:01Z"}
            """, SIMULATE_EVENTS, 2, "kind"));
  }
}
