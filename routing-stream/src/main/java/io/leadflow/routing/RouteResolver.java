package io.leadflow.routing;

import io.leadflow.avro.AccountMatch;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.Rep;
import io.leadflow.avro.Segment;
import io.leadflow.avro.SkippedRep;
import io.leadflow.routing.RoutingRules.Level;
import io.leadflow.routing.RoutingRules.Territory;
import io.leadflow.routing.RoutingRules.Vertical;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The hierarchy of seed 002 ("Hierarchische Routing-Logik") with its fallbacks ("Fallback-Regeln"): walks the
 * configured levels in order and returns the first that matches, a pool or a named rep. Nothing here is left
 * unassigned: a lead that matches no level goes to the no-territory fallback target or to the general pool.
 * No Kafka here; reps are looked up through a function.
 */
public final class RouteResolver {

  /** Key prefix of requests that name their rep: they need no pool state and spread by rep. */
  public static final String DIRECT_POOL = "direct";

  /** Where the hierarchy sends a lead; {@code repId} is set for account owners, managers and fallback reps. */
  public record Route(String poolId, String repId, AssignmentMethod method, String rule, String fallback,
      List<SkippedRep> notes) {

    /** The repartition key: the pool, or the rep for direct routes. */
    public String partitionKey() {
      return repId == null ? poolId : DIRECT_POOL + ":" + repId;
    }
  }

  private final RoutingRules rules;
  private final Function<String, Rep> reps;

  public RouteResolver(RoutingRules rules, Function<String, Rep> reps) {
    this.rules = rules;
    this.reps = reps;
  }

  /** A lead without its enrichment snapshot can only go to the general pool. */
  public Route resolve(EnrichedLead lead) {
    List<SkippedRep> notes = new ArrayList<>();
    if (lead == null) {
      return generalPool("no-lead-details", AssignmentMethod.FALLBACK, notes);
    }
    String pendingFallback = null;
    boolean territoryMissed = false;
    for (Level level : rules.hierarchy()) {
      Route route = switch (level) {
        case ACCOUNT_OWNER -> accountOwner(lead, AccountType.CUSTOMER, AssignmentMethod.ACCOUNT_OWNER, notes);
        case NAMED_ACCOUNT -> accountOwner(lead, AccountType.NAMED, AssignmentMethod.NAMED_ACCOUNT, notes);
        case TERRITORY -> {
          Route territory = territory(lead, notes);
          territoryMissed = territory == null;
          yield territory;
        }
        case VERTICAL -> {
          String industry = firmographics(lead).getIndustry();
          if (industry == null || industry.isBlank()) {
            if (rules.fallback().unknownIndustry().equals("round-robin")) {
              yield generalPool("unknown-industry:round-robin", AssignmentMethod.FALLBACK, notes);
            }
            pendingFallback = "unknown-industry:geography";
            yield null;
          }
          yield vertical(industry, notes);
        }
        case SEGMENT -> segment(lead.getSegment(), notes);
      };
      if (route != null) {
        return route.fallback() == null && pendingFallback != null
            ? new Route(route.poolId(), route.repId(), route.method(), route.rule(), pendingFallback, notes)
            : route;
      }
    }
    if (territoryMissed) {
      RoutingRules.Target target = rules.fallback().noTerritory();
      if (target.rep() != null) {
        return new Route(DIRECT_POOL, target.rep(), AssignmentMethod.FALLBACK, "fallback-rep", "no-territory", notes);
      }
      if (target.pool() != null) {
        return new Route(target.pool(), null, AssignmentMethod.FALLBACK, "fallback-pool", "no-territory", notes);
      }
      return generalPool("no-territory", AssignmentMethod.FALLBACK, notes);
    }
    return generalPool(pendingFallback, AssignmentMethod.WEIGHTED, notes);
  }

  private Route generalPool(String fallback, AssignmentMethod method, List<SkippedRep> notes) {
    return new Route(rules.generalPool(), null, method, "general", fallback, notes);
  }

  /** Levels 1 and 2; an owner who has left goes to their manager (seed 002 fallback), or on down the hierarchy. */
  private Route accountOwner(EnrichedLead lead, AccountType type, AssignmentMethod method, List<SkippedRep> notes) {
    AccountMatch account = lead.getAccount();
    if (account == null || account.getType() != type || account.getOwnerRepId() == null) {
      return null;
    }
    String rule = method == AssignmentMethod.ACCOUNT_OWNER ? "account-owner" : "named-account";
    Rep owner = reps.apply(account.getOwnerRepId());
    if (owner != null && owner.getActive()) {
      return new Route(DIRECT_POOL, owner.getRepId(), method, rule, null, notes);
    }
    notes.add(new SkippedRep(account.getOwnerRepId(),
        "owner of account " + account.getAccountId() + (owner == null ? " is not a known rep" : " has left")));
    if (owner != null && rules.fallback().ownerLeft().equals("manager") && owner.getManagerRepId() != null) {
      Rep manager = reps.apply(owner.getManagerRepId());
      if (manager != null && manager.getActive()) {
        return new Route(DIRECT_POOL, manager.getRepId(), AssignmentMethod.FALLBACK, rule, "owner-left:manager", notes);
      }
      notes.add(new SkippedRep(owner.getManagerRepId(), "manager of the departed owner is not an active rep"));
    }
    return null;
  }

  private Route territory(EnrichedLead lead, List<SkippedRep> notes) {
    Firmographics company = firmographics(lead);
    String country = firstNonBlank(company.getCountry(), lead.getProfile().getCountry());
    String state = firstNonBlank(company.getState(), lead.getProfile().getState());
    String region = company.getRegion();
    for (Territory territory : rules.territories()) {
      if (matches(territory.countries(), country) || matches(territory.states(), state)
          || matches(territory.regions(), region)) {
        return new Route(territory.pool(), null, AssignmentMethod.TERRITORY, "territory", null, notes);
      }
    }
    return null;
  }

  private Route vertical(String industry, List<SkippedRep> notes) {
    for (Vertical vertical : rules.verticals()) {
      if (matches(vertical.industries(), industry)) {
        return new Route(vertical.pool(), null, AssignmentMethod.VERTICAL, "vertical", null, notes);
      }
    }
    return null;
  }

  private Route segment(Segment segment, List<SkippedRep> notes) {
    String pool = rules.segments().get(segment);
    return pool == null ? null : new Route(pool, null, AssignmentMethod.SEGMENT, "segment", null, notes);
  }

  private static boolean matches(List<String> values, String value) {
    if (values == null || value == null || value.isBlank()) {
      return false;
    }
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return values.stream().anyMatch(v -> v.trim().toLowerCase(Locale.ROOT).equals(wanted));
  }

  private static Firmographics firmographics(EnrichedLead lead) {
    return lead.getFirmographics() == null ? new Firmographics() : lead.getFirmographics();
  }

  private static String firstNonBlank(String first, String second) {
    return first != null && !first.isBlank() ? first : second;
  }
}
