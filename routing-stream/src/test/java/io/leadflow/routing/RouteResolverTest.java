package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.rep;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AccountMatch;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.Rep;
import io.leadflow.avro.Segment;
import io.leadflow.avro.SkippedRep;
import io.leadflow.routing.RouteResolver.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteResolverTest {

  /** The full hierarchy in seed order, with one territory per match kind and a no-territory pool. */
  private static final String RULES = """
      version: test
      hierarchy: [account-owner, named-account, territory, vertical, segment]
      general-pool: general
      fallback:
        no-territory: {pool: unassigned}
        unknown-industry: geography
        owner-left: manager
      territories:
        - {pool: us-west, states: [CA, WA]}
        - {pool: north-america, countries: [US, CA]}
        - {pool: dach, regions: [DACH]}
      verticals:
        - {pool: healthcare, industries: [Healthcare, Pharmaceuticals]}
      segments:
        ENTERPRISE: enterprise
      """;

  private final Map<String, Rep> reps = new HashMap<>();

  private static RoutingRules rules(String yaml) {
    return RoutingRules.parse(yaml.getBytes(StandardCharsets.UTF_8), "test");
  }

  /** {@link #RULES} with one line replaced, e.g. a different fallback. */
  private static RoutingRules rulesWith(String line, String replacement) {
    assertThat(RULES).contains(line);
    return rules(RULES.replace(line, replacement));
  }

  private Route resolve(RoutingRules rules, EnrichedLead lead) {
    return new RouteResolver(rules, reps::get).resolve(lead);
  }

  private Route resolve(EnrichedLead lead) {
    return resolve(rules(RULES), lead);
  }

  private static Firmographics.Builder company() {
    return Firmographics.newBuilder();
  }

  private static EnrichedLead.Builder lead(Firmographics.Builder company) {
    return EnrichedLead.newBuilder()
        .setLeadId("lead-1")
        .setOccurredAt(T0)
        .setEnrichedAt(T0)
        .setProfile(LeadProfile.newBuilder().setEmail("ada@example.test").build())
        .setFirmographics(company == null ? null : company.build());
  }

  /** A company that matches no territory, vertical or segment. */
  private static Firmographics.Builder nowhere() {
    return company().setCountry("BR").setRegion("LATAM").setIndustry("Retail");
  }

  private static AccountMatch account(AccountType type, String owner) {
    return AccountMatch.newBuilder().setAccountId("acc-1").setType(type).setOwnerRepId(owner).build();
  }

  private void addRep(String id, boolean active, String manager) {
    reps.put(id, Rep.newBuilder(rep(id, "general")).setActive(active).setManagerRepId(manager).build());
  }

  private static void assertPool(Route route, String pool, AssignmentMethod method, String rule, String fallback) {
    assertThat(route.poolId()).as("pool").isEqualTo(pool);
    assertThat(route.repId()).as("rep").isNull();
    assertThat(route.method()).as("method").isEqualTo(method);
    assertThat(route.rule()).as("rule").isEqualTo(rule);
    assertThat(route.fallback()).as("fallback").isEqualTo(fallback);
    assertThat(route.partitionKey()).as("partition key").isEqualTo(pool);
  }

  private static void assertDirect(Route route, String rep, AssignmentMethod method, String rule, String fallback) {
    assertThat(route.poolId()).as("pool").isEqualTo(RouteResolver.DIRECT_POOL);
    assertThat(route.repId()).as("rep").isEqualTo(rep);
    assertThat(route.method()).as("method").isEqualTo(method);
    assertThat(route.rule()).as("rule").isEqualTo(rule);
    assertThat(route.fallback()).as("fallback").isEqualTo(fallback);
    assertThat(route.partitionKey()).as("partition key").isEqualTo("direct:" + rep);
  }

  // --- level 1 and 2: accounts ----------------------------------------------------------------------------------

  @Test
  void existingCustomerGoesToTheAccountOwnerBeforeAnyTerritory() {
    addRep("ann", true, null);
    Route route = resolve(lead(company().setRegion("DACH").setIndustry("Healthcare"))
        .setSegment(Segment.ENTERPRISE).setAccount(account(AccountType.CUSTOMER, "ann")).build());

    assertDirect(route, "ann", AssignmentMethod.ACCOUNT_OWNER, "account-owner", null);
    assertThat(route.notes()).isEmpty();
  }

  @Test
  void namedAccountGoesToItsOwner() {
    addRep("ned", true, null);
    Route route = resolve(lead(company().setRegion("DACH"))
        .setAccount(account(AccountType.NAMED, "ned")).build());

    assertDirect(route, "ned", AssignmentMethod.NAMED_ACCOUNT, "named-account", null);
    assertThat(route.notes()).isEmpty();
  }

  @Test
  void namedAccountIsSkippedWhenTheLevelIsNotConfigured() {
    addRep("ned", true, null);
    Route route = resolve(rulesWith("[account-owner, named-account, territory", "[account-owner, territory"),
        lead(company().setRegion("DACH")).setAccount(account(AccountType.NAMED, "ned")).build());

    assertPool(route, "dach", AssignmentMethod.TERRITORY, "territory", null);
  }

  @Test
  void ownerWhoLeftHandsTheLeadToTheirManager() {
    addRep("olga", false, "max");
    addRep("max", true, null);
    Route route = resolve(lead(company().setRegion("DACH"))
        .setAccount(account(AccountType.CUSTOMER, "olga")).build());

    assertDirect(route, "max", AssignmentMethod.FALLBACK, "account-owner", "owner-left:manager");
    assertThat(route.notes()).singleElement().satisfies(note -> {
      assertThat(note.getRepId()).isEqualTo("olga");
      assertThat(note.getReason()).contains("acc-1").contains("has left");
    });
  }

  @Test
  void ownerWhoLeftOfANamedAccountAlsoGoesToTheManager() {
    addRep("olga", false, "max");
    addRep("max", true, null);
    Route route = resolve(lead(nowhere()).setAccount(account(AccountType.NAMED, "olga")).build());

    assertDirect(route, "max", AssignmentMethod.FALLBACK, "named-account", "owner-left:manager");
  }

  @Test
  void ownerLeftWithHierarchyPolicyGoesOnToTheTerritory() {
    addRep("olga", false, "max");
    addRep("max", true, null);
    Route route = resolve(rulesWith("owner-left: manager", "owner-left: hierarchy"),
        lead(company().setRegion("DACH")).setAccount(account(AccountType.CUSTOMER, "olga")).build());

    assertPool(route, "dach", AssignmentMethod.TERRITORY, "territory", null);
    assertThat(route.notes()).extracting(SkippedRep::getRepId).containsExactly("olga");
  }

  @Test
  void ownerLeftAndManagerInactiveGoesOnDownTheHierarchy() {
    addRep("olga", false, "max");
    addRep("max", false, null);
    Route route = resolve(lead(company().setRegion("DACH"))
        .setAccount(account(AccountType.CUSTOMER, "olga")).build());

    assertPool(route, "dach", AssignmentMethod.TERRITORY, "territory", null);
    assertThat(route.notes()).extracting(SkippedRep::getRepId).containsExactly("olga", "max");
  }

  @Test
  void ownerWhoIsNoKnownRepIsNotedAndTheHierarchyContinues() {
    Route route = resolve(lead(company().setRegion("DACH"))
        .setAccount(account(AccountType.CUSTOMER, "ghost")).build());

    assertPool(route, "dach", AssignmentMethod.TERRITORY, "territory", null);
    assertThat(route.notes()).singleElement().satisfies(note -> {
      assertThat(note.getRepId()).isEqualTo("ghost");
      assertThat(note.getReason()).contains("acc-1").contains("not a known rep");
    });
  }

  @Test
  void accountWithoutOwnerOrOfUnknownTypeIsIgnored() {
    Route noOwner = resolve(lead(company().setRegion("DACH"))
        .setAccount(account(AccountType.CUSTOMER, null)).build());
    Route unknownType = resolve(lead(company().setRegion("DACH"))
        .setAccount(account(AccountType.UNKNOWN, "ann")).build());

    assertPool(noOwner, "dach", AssignmentMethod.TERRITORY, "territory", null);
    assertThat(noOwner.notes()).isEmpty();
    assertPool(unknownType, "dach", AssignmentMethod.TERRITORY, "territory", null);
  }

  // --- level 3: territory ---------------------------------------------------------------------------------------

  @Test
  void territoryByCountry() {
    Route route = resolve(lead(company().setCountry("US").setIndustry("Healthcare")).build());

    assertPool(route, "north-america", AssignmentMethod.TERRITORY, "territory", null);
    assertThat(route.notes()).isEmpty();
  }

  @Test
  void territoryByState() {
    Route route = resolve(lead(company().setCountry("BR").setState("WA")).build());

    assertPool(route, "us-west", AssignmentMethod.TERRITORY, "territory", null);
  }

  @Test
  void territoryByRegion() {
    Route route = resolve(lead(company().setCountry("DE").setRegion("DACH")).build());

    assertPool(route, "dach", AssignmentMethod.TERRITORY, "territory", null);
  }

  @Test
  void firstTerritoryInTheListWinsWhenTwoMatch() {
    EnrichedLead lead = lead(company().setCountry("US").setState("WA")).build();

    assertThat(resolve(lead).poolId()).isEqualTo("us-west");
    RoutingRules reversed = rules("""
        territories:
          - {pool: north-america, countries: [US, CA]}
          - {pool: us-west, states: [CA, WA]}
        """);
    assertThat(resolve(reversed, lead).poolId()).isEqualTo("north-america");
  }

  @Test
  void territoryMatchingIgnoresCaseAndSurroundingBlanks() {
    assertThat(resolve(lead(company().setCountry("us")).build()).poolId()).isEqualTo("north-america");
    assertThat(resolve(lead(company().setRegion(" dach ")).build()).poolId()).isEqualTo("dach");
    assertThat(resolve(lead(company().setState("wa")).build()).poolId()).isEqualTo("us-west");
  }

  @Test
  void profileCountryAndStateAreUsedWhenTheCompanyHasNone() {
    EnrichedLead noFirmographics = lead(null)
        .setProfile(LeadProfile.newBuilder().setCountry("CA").build()).build();
    EnrichedLead blankCountry = lead(company().setCountry(" "))
        .setProfile(LeadProfile.newBuilder().setCountry("US").build()).build();
    EnrichedLead profileState = lead(company().setCountry("BR"))
        .setProfile(LeadProfile.newBuilder().setState("WA").build()).build();

    assertPool(resolve(noFirmographics), "north-america", AssignmentMethod.TERRITORY, "territory", null);
    assertPool(resolve(blankCountry), "north-america", AssignmentMethod.TERRITORY, "territory", null);
    assertPool(resolve(profileState), "us-west", AssignmentMethod.TERRITORY, "territory", null);
  }

  @Test
  void companyCountryWinsOverProfileCountry() {
    EnrichedLead lead = lead(company().setCountry("BR"))
        .setProfile(LeadProfile.newBuilder().setCountry("US").build()).build();

    assertPool(resolve(lead), "unassigned", AssignmentMethod.FALLBACK, "fallback-pool", "no-territory");
  }

  // --- level 4: vertical, with the unknown-industry fallback -----------------------------------------------------

  @Test
  void verticalByIndustry() {
    Route route = resolve(lead(company().setCountry("BR").setIndustry("pharmaceuticals"))
        .setSegment(Segment.ENTERPRISE).build());

    assertPool(route, "healthcare", AssignmentMethod.VERTICAL, "vertical", null);
  }

  @Test
  void unknownIndustryWithGeographyGoesOnToTheSegmentAndRecordsTheFallback() {
    Route route = resolve(lead(company().setCountry("BR")).setSegment(Segment.ENTERPRISE).build());

    assertPool(route, "enterprise", AssignmentMethod.SEGMENT, "segment", "unknown-industry:geography");
  }

  @Test
  void unknownIndustryWithGeographyGoesOnToTheGeneralPoolAndRecordsTheFallback() {
    Route route = resolve(rulesWith("[account-owner, named-account, territory, vertical, segment]",
        "[vertical, segment]"), lead(company().setCountry("BR").setIndustry(" ")).build());

    assertPool(route, "general", AssignmentMethod.WEIGHTED, "general", "unknown-industry:geography");
  }

  @Test
  void unknownIndustryWithGeographyRoutesByTerritoryWhenThatComesLater() {
    Route route = resolve(rulesWith("[account-owner, named-account, territory, vertical, segment]",
        "[vertical, territory, segment]"), lead(company().setRegion("DACH")).build());

    assertPool(route, "dach", AssignmentMethod.TERRITORY, "territory", "unknown-industry:geography");
  }

  @Test
  void unknownIndustryWithRoundRobinGoesStraightToTheGeneralPool() {
    Route route = resolve(rulesWith("unknown-industry: geography", "unknown-industry: round-robin"),
        lead(company().setCountry("BR")).setSegment(Segment.ENTERPRISE).build());

    assertPool(route, "general", AssignmentMethod.FALLBACK, "general", "unknown-industry:round-robin");
  }

  @Test
  void knownIndustryWithoutVerticalIsNoFallback() {
    Route route = resolve(lead(company().setCountry("BR").setIndustry("Retail"))
        .setSegment(Segment.ENTERPRISE).build());

    assertPool(route, "enterprise", AssignmentMethod.SEGMENT, "segment", null);
  }

  // --- level 5: segment -----------------------------------------------------------------------------------------

  @Test
  void enterpriseSegmentGoesToTheEnterpriseTeam() {
    Route route = resolve(lead(nowhere()).setSegment(Segment.ENTERPRISE).build());

    assertPool(route, "enterprise", AssignmentMethod.SEGMENT, "segment", null);
    assertThat(route.notes()).isEmpty();
  }

  @Test
  void segmentWithoutTeamDoesNotMatch() {
    Route route = resolve(lead(nowhere()).setSegment(Segment.SMB).build());

    assertPool(route, "unassigned", AssignmentMethod.FALLBACK, "fallback-pool", "no-territory");
  }

  // --- nothing matched ------------------------------------------------------------------------------------------

  @Test
  void noMatchAfterMissingTheTerritoryGoesToTheNoTerritoryPool() {
    Route route = resolve(lead(nowhere()).build());

    assertPool(route, "unassigned", AssignmentMethod.FALLBACK, "fallback-pool", "no-territory");
    assertThat(route.notes()).isEmpty();
  }

  @Test
  void noMatchWithNoTerritoryRepGoesToThatRep() {
    Route route = resolve(rulesWith("no-territory: {pool: unassigned}", "no-territory: {rep: rep-default}"),
        lead(nowhere()).build());

    assertDirect(route, "rep-default", AssignmentMethod.FALLBACK, "fallback-rep", "no-territory");
  }

  @Test
  void noMatchWithoutNoTerritoryTargetGoesToTheGeneralPool() {
    Route route = resolve(rulesWith("  no-territory: {pool: unassigned}\n", ""), lead(nowhere()).build());

    assertPool(route, "general", AssignmentMethod.FALLBACK, "general", "no-territory");
  }

  @Test
  void noMatchWithoutTerritoryLevelGoesToTheGeneralPoolWeighted() {
    Route route = resolve(rulesWith("[account-owner, named-account, territory, vertical, segment]",
        "[account-owner, vertical, segment]"), lead(nowhere()).build());

    assertPool(route, "general", AssignmentMethod.WEIGHTED, "general", null);
  }

  @Test
  void configuredGeneralPoolIsUsed() {
    Route route = resolve(rules("general-pool: everyone\nhierarchy: [segment]\n"), lead(nowhere()).build());

    assertPool(route, "everyone", AssignmentMethod.WEIGHTED, "general", null);
  }

  // --- order, missing lead, example file ------------------------------------------------------------------------

  @Test
  void configuredOrderIsHonoured() {
    EnrichedLead lead = lead(company().setRegion("DACH").setIndustry("Healthcare")).build();

    assertPool(resolve(lead), "dach", AssignmentMethod.TERRITORY, "territory", null);
    Route verticalFirst = resolve(rulesWith("[account-owner, named-account, territory, vertical, segment]",
        "[vertical, territory]"), lead);
    assertPool(verticalFirst, "healthcare", AssignmentMethod.VERTICAL, "vertical", null);
  }

  @Test
  void segmentBeforeAccountOwnerWhenConfigured() {
    addRep("ann", true, null);
    EnrichedLead lead = lead(nowhere()).setSegment(Segment.ENTERPRISE)
        .setAccount(account(AccountType.CUSTOMER, "ann")).build();

    Route route = resolve(rulesWith("[account-owner, named-account, territory, vertical, segment]",
        "[segment, account-owner]"), lead);

    assertPool(route, "enterprise", AssignmentMethod.SEGMENT, "segment", null);
  }

  @Test
  void leadWithoutDetailsGoesToTheGeneralPool() {
    Route route = resolve(null);

    assertPool(route, "general", AssignmentMethod.FALLBACK, "general", "no-lead-details");
    assertThat(route.notes()).isEmpty();
  }

  @Test
  void exampleRulesRouteADachCompanyToDach() {
    RoutingRules example = RoutingRules.read(Path.of("..", "examples", "routing.yaml"));
    EnrichedLead lead = lead(company().setCountry("DE").setRegion("DACH").setState("BY").setIndustry("Software"))
        .setSegment(Segment.MID_MARKET).build();

    assertThat(example.version()).isEqualTo("example-2026-11-28");
    assertPool(resolve(example, lead), "dach", AssignmentMethod.TERRITORY, "territory", null);
  }

  @Test
  void builtInRulesAreTheExampleFile() {
    assertThat(RoutingRules.builtIn()).isEqualTo(RoutingRules.read(Path.of("..", "examples", "routing.yaml")));
  }
}
