package io.leadflow.routing.api;

import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.RepWeight;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.Management;
import io.leadflow.platform.service.Service;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingApp;
import io.leadflow.routing.RoutingTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pool API on a real broker with two routing-stream instances, each serving the API on its own management port
 * and advertising it as application.server: pools hash to different partitions, so each instance owns some. A GET on
 * either instance returns any pool's leads (the other instance's by a forwarded interactive query); claims go over
 * HTTP with bearer tokens: the right token wins, acting as another rep is 403, no token 401, a second claim 409.
 */
class PoolApiIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int PARTITIONS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> COUNTRIES = List.of("DE", "FR", "US", "JP");
  private static final String TOKEN_A = "token-of-rep-a";
  private static final String TOKEN_B = "token-of-rep-b";
  private static final String ADMIN = "admin-token";

  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static Instance a;
  private static Instance b;
  private static Path rulesFile;
  private static final Instant started = Instant.now();

  private record Instance(Management management, Service service, KafkaStreams streams, URI uri) {}

  @BeforeAll
  static void start() throws Exception {
    KAFKA.createTopics(List.of(Topics.LEAD_STAGE_CHANGES, Topics.LEAD_ASSIGNMENTS, Topics.LEAD_OUTCOMES, Topics.REPS,
            Topics.REP_WEIGHTS, Topics.REP_LOAD, Topics.ROUTING_CONFIG, Topics.REP_ALERTS, Topics.ROUTING_DLQ,
            Topics.POOL_COMMANDS, Topics.LEAD_POOL_EVENTS).stream()
        .map(t -> t.newTopic(PARTITIONS, KAFKA.replicationFactor())).toArray(NewTopic[]::new));
    Path dir = Files.createTempDirectory("pool-api-it");
    Path rules = dir.resolve("routing.yaml");
    StringBuilder yaml = new StringBuilder("version: pool-api-it\nhierarchy: [territory]\nterritories:\n");
    for (String country : COUNTRIES) {
      yaml.append("  - {pool: ").append(pool(country)).append(", countries: [").append(country).append("]}\n");
    }
    yaml.append("pools:\n");
    for (String country : COUNTRIES) {
      yaml.append("  ").append(pool(country)).append(":\n    weight-model: static\n")
          .append("    pull: {push-threshold: 75, hide-details: true, min-daily-claims: 1}\n");
    }
    Files.writeString(rules, yaml.toString());
    rulesFile = rules;
    LayeredConfig config = LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("routing.rules-file", rules.toString())
        .with("management.port", "0")
        .with("management.host", "127.0.0.1")
        .with(ApiSettings.TOKEN_PREFIX + "rep-a", TOKEN_A)
        .with(ApiSettings.TOKEN_PREFIX + "rep-b", TOKEN_B)
        .with("routing.api.admin-tokens", ADMIN)
        .with("routing.api.answer-timeout", "60s");

    Instant now = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      String[] pools = COUNTRIES.stream().map(PoolApiIT::pool).toArray(String[]::new);
      send(producer, Topics.REPS, "rep-a", rep("rep-a", pools), now.toEpochMilli());
      send(producer, Topics.REPS, "rep-b", rep("rep-b", pools), now.toEpochMilli());
      for (String country : COUNTRIES) {
        for (int i = 0; i < 2; i++) {
          String leadId = "lead-" + country + "-" + i;
          EnrichedLead lead = EnrichedLead.newBuilder().setLeadId(leadId).setOccurredAt(now)
              .setProfile(LeadProfile.newBuilder().setEmail("buyer@" + leadId + ".example").setLeadSource("webinar").build())
              .setCompanyName("Company " + leadId)
              .setFirmographics(Firmographics.newBuilder().setCountry(country).setIndustry(i == 0 ? "Software" : "Retail").build())
              .setEnrichedAt(now).build();
          send(producer, Topics.LEAD_STAGE_CHANGES, leadId, LeadStageChange.newBuilder(
              stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, now)).setTotalScore(40 + 10 * i).setLead(lead).build(),
              now.toEpochMilli());
        }
      }
      producer.flush();
    }
    a = instance(config, dir.resolve("a"));
    b = instance(config, dir.resolve("b"));
    await("both instances running, each owning some pools", () ->
        a.streams().state() == KafkaStreams.State.RUNNING && b.streams().state() == KafkaStreams.State.RUNNING
            && COUNTRIES.stream().map(c -> owner(pool(c))).distinct().count() == 2);
    KAFKA.readAll(Topics.LEAD_POOL_EVENTS.name(), new StringDeserializer(),
        Topics.LEAD_POOL_EVENTS.valueSerde().deserializer(), 2 * COUNTRIES.size(), TIMEOUT);
  }

  private static Instance instance(LayeredConfig config, Path stateDir) {
    Management management = Management.start(config.with("streams.state-dir", stateDir.toString()));
    OPEN.add(management);
    Service service = RoutingApp.service(config.with("streams.state-dir", stateDir.toString()), management);
    OPEN.add(0, service);
    management.register(service);
    // Not start(): the second instance joins while the first waits for RUNNING; both get there after the rebalance.
    Thread starter = new Thread(() -> service.start(TIMEOUT));
    starter.start();
    KafkaStreams streams = streamsOf(service);
    return new Instance(management, service, streams, management.uri().orElseThrow());
  }

  private static KafkaStreams streamsOf(Service service) {
    return ((RoutingApp.WithApi) service).kafkaStreams();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closeable : OPEN) {
      closeable.close();
    }
  }

  @Test
  void eitherInstanceListsEveryPoolIncludingThoseTheOtherOwns() throws Exception {
    for (String country : COUNTRIES) {
      String pool = pool(country);
      HostInfo owner = owner(pool);
      for (Instance asked : List.of(a, b)) {
        JsonNode body = awaitJson(asked, "GET", "/api/pools/" + pool + "/leads", null, null, 200,
            json -> json.path("leads").size() == 2);
        assertThat(body.path("servedBy").asText()).as("pool %s asked at %s", pool, asked.uri())
            .isEqualTo(owner.host() + ":" + owner.port());
        assertThat(body.path("leads").findValuesAsText("leadId"))
            .containsExactlyInAnyOrder("lead-" + country + "-0", "lead-" + country + "-1");
        // hide-details: previews only for someone who has not claimed the lead
        assertThat(body.path("leads").get(0).has("details")).isFalse();
        assertThat(body.path("leads").get(0).path("companyName").asText()).startsWith("Company lead-" + country);
      }
    }
    // One request really crossed instances: a pool owned by b, asked at a.
    String remotePool = COUNTRIES.stream().map(PoolApiIT::pool).filter(p -> owner(p).port() == b.uri().getPort())
        .findFirst().orElseThrow();
    JsonNode viaA = call(a, "GET", "/api/pools/" + remotePool + "/leads?industry=retail&sort=-score", null, null);
    assertThat(viaA.path("servedBy").asText()).endsWith(":" + b.uri().getPort());
    assertThat(viaA.path("leads")).hasSize(1);
    assertThat(viaA.path("leads").get(0).path("industry").asText()).isEqualTo("Retail");
    assertThat(call(a, "GET", "/api/pools/" + remotePool + "/leads?q=-0", null, null).path("leads").get(0)
        .path("leadId").asText()).endsWith("-0");
  }

  @Test
  void claimsOverHttpRightTokenWinsOtherRepForbiddenSecondClaimConflicts() throws Exception {
    String country = "FR";
    String pool = pool(country);
    String lead = "lead-" + country + "-1";
    Instance notOwner = owner(pool).port() == a.uri().getPort() ? b : a;
    String claim = "/api/pools/" + pool + "/claim";

    assertThat(status(notOwner, "POST", claim, null, "{\"lead\":\"" + lead + "\"}")).isEqualTo(401);
    assertThat(status(notOwner, "POST", claim, "wrong-token", "{\"lead\":\"" + lead + "\"}")).isEqualTo(401);
    assertThat(status(notOwner, "POST", claim, TOKEN_B, "{\"rep\":\"rep-a\",\"lead\":\"" + lead + "\"}"))
        .isEqualTo(403);

    HttpResponse<String> won = request(notOwner, "POST", claim, TOKEN_A, "{\"rep\":\"rep-a\",\"lead\":\"" + lead + "\"}");
    assertThat(won.statusCode()).as(won.body()).isEqualTo(200);
    JsonNode claimed = JSON.readTree(won.body());
    assertThat(claimed.path("result").asText()).isEqualTo("CLAIMED");
    assertThat(claimed.path("rep").asText()).isEqualTo("rep-a");
    assertThat(claimed.path("lead").asText()).isEqualTo(lead);

    HttpResponse<String> lost = request(a, "POST", claim, TOKEN_B, "{\"lead\":\"" + lead + "\"}");
    assertThat(lost.statusCode()).as(lost.body()).isEqualTo(409);
    assertThat(JSON.readTree(lost.body()).path("reason").asText()).contains("already claimed by another rep");

    // The store shows the lock; the holder sees the details, the other rep only the preview.
    JsonNode forA = awaitJson(b, "GET", "/api/pools/" + pool + "/leads?state=LOCKED", TOKEN_A, null, 200,
        json -> json.path("leads").size() == 1);
    assertThat(forA.path("leads").get(0).path("claimedBy").asText()).isEqualTo("rep-a");
    assertThat(forA.path("leads").get(0).path("details").path("profile").path("email").asText())
        .isEqualTo("buyer@" + lead + ".example");
    JsonNode forB = call(a, "GET", "/api/pools/" + pool + "/leads?state=LOCKED", TOKEN_B, null);
    assertThat(forB.path("leads").get(0).has("details")).isFalse();

    // The decision record of the claim, from whichever instance owns the lead's ownership partition.
    JsonNode explained = awaitJson(a, "GET", "/api/leads/" + lead + "/explain", null, null, 200, json -> true);
    assertThat(explained.path("assignment").path("method").asText()).isEqualTo("CLAIM");
    assertThat(explained.path("assignment").path("repId").asText()).isEqualTo("rep-a");
    assertThat(explained.path("assignment").path("decision").path("poolId").asText()).isEqualTo(pool);
    assertThat(status(a, "GET", "/api/leads/never-routed/explain", null, null)).isEqualTo(404);

    JsonNode load = awaitJson(b, "GET", "/api/reps/rep-a/load", null, null, 200,
        json -> json.path("activeLeads").asLong() >= 1);
    assertThat(load.path("repId").asText()).isEqualTo("rep-a");

    // The ops figures of the pool, asked at the instance that does not hold it.
    JsonNode stats = awaitJson(notOwner, "GET", "/api/pools/" + pool + "/stats", null, null, 200,
        json -> json.path("claimsByRep").size() >= 1);
    assertThat(stats.path("claimsByRep").get(0).path("repId").asText()).isEqualTo("rep-a");
    assertThat(stats.path("claimsByRep").get(0).path("totalClaims").asLong()).isEqualTo(1);
    // The daily minimum (1 here): rep-a claimed today, rep-b is a member who has not claimed at all.
    assertThat(stats.path("minDailyClaims").asInt()).isEqualTo(1);
    assertThat(stats.path("claimsByRep").get(0).path("belowDailyMinimum").asBoolean()).isFalse();
    assertThat(stats.path("claimsByRep").get(1).path("repId").asText()).isEqualTo("rep-b");
    assertThat(stats.path("claimsByRep").get(1).path("belowDailyMinimum").asBoolean()).isTrue();
    assertThat(stats.path("leadsByState").path("LOCKED").asLong()).isEqualTo(1);
    assertThat(stats.path("assignedThisWeekAgainstTarget").findValuesAsText("repId"))
        .containsExactlyInAnyOrder("rep-a", "rep-b");

    // Release by the holder, then take-next hands out the oldest open lead of the pool.
    HttpResponse<String> released = request(a, "POST", "/api/pools/" + pool + "/release", TOKEN_A,
        "{\"lead\":\"" + lead + "\"}");
    assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
    assertThat(JSON.readTree(released.body()).path("result").asText()).isEqualTo("RELEASED");
    HttpResponse<String> next = request(b, "POST", "/api/pools/" + pool + "/take-next", TOKEN_B, "{}");
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    assertThat(JSON.readTree(next.body()).path("lead").asText()).isEqualTo("lead-" + country + "-0");

    // Conversion by claim source: the taken lead becomes an opportunity. pool-source-stats is fed by another
    // sub-topology than pool-leads, so its owner can differ; both instances must give the same figures.
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      send(producer, Topics.LEAD_OUTCOMES, "lead-" + country + "-0", LeadOutcome.newBuilder().setOutcomeId("it-o-1")
          .setLeadId("lead-" + country + "-0").setType(OutcomeType.OPPORTUNITY).setOccurredAt(Instant.now()).build(),
          System.currentTimeMillis());
    }
    HostInfo sourcesOwner = a.streams().queryMetadataForKey(RoutingTopology.POOL_SOURCE_STATS_STORE, pool,
        new StringSerializer()).activeHost();
    for (Instance asked : List.of(a, b)) {
      JsonNode figures = awaitJson(asked, "GET", "/api/pools/" + pool + "/stats", null, null, 200,
          json -> bySource(json, "take-next").path("opportunity").asLong() == 1);
      assertThat(figures.path("sourcesServedBy").asText()).isEqualTo(sourcesOwner.host() + ":" + sourcesOwner.port());
      assertThat(figures.path("bySource").findValuesAsText("source")).containsExactly("claim", "take-next", "all");
      JsonNode claimRow = bySource(figures, "claim");
      assertThat(claimRow.path("assigned").asLong()).isEqualTo(1);
      assertThat(claimRow.path("conversionRate").asDouble()).isEqualTo(0.0);
      assertThat(claimRow.path("latency").path("count").asLong()).isEqualTo(1);
      JsonNode takeNextRow = bySource(figures, "take-next");
      assertThat(takeNextRow.path("assigned").asLong()).isEqualTo(1);
      assertThat(takeNextRow.path("contacted").asLong()).isEqualTo(1);
      assertThat(takeNextRow.path("conversionRate").asDouble()).isEqualTo(1.0);
      assertThat(bySource(figures, "all").path("conversionRate").asDouble()).isEqualTo(0.5);
      JsonNode latency = figures.path("assignmentLatency");
      assertThat(latency.path("count").asLong()).isEqualTo(2);
      // lead event (set-up) → claim over HTTP: positive, and not longer than this test class has run
      assertThat(latency.path("p95Seconds").asDouble()).isPositive().isLessThanOrEqualTo(latency.path("maxSeconds").asDouble());
      assertThat(latency.path("maxSeconds").asDouble()).isLessThan(Duration.between(started, Instant.now()).toSeconds() + 1.0);
    }
    Instance notSourcesOwner = sourcesOwner.port() == a.uri().getPort() ? b : a;
    JsonNode direct = call(notSourcesOwner, "GET", "/api/pools/" + pool + "/sources", null, null);
    assertThat(direct.path("servedBy").asText()).as("forwarded to the store's owner").endsWith(":" + sourcesOwner.port());
  }

  private static JsonNode bySource(JsonNode stats, String source) {
    for (JsonNode row : stats.path("bySource")) {
      if (row.path("source").asText().equals(source)) {
        return row;
      }
    }
    return JSON.createObjectNode();
  }

  /**
   * routing.api.read-auth: a second API over instance a's streams, with reads behind tokens. No or an unknown token is
   * 401; a rep's or the admin's token reads (forwarded with the token where b owns the pool).
   */
  @Test
  void readAuthPutsTheReadEndpointsBehindTokens() throws Exception {
    ApiSettings settings = ApiSettings.from(LayeredConfig.defaults()
        .with(ApiSettings.TOKEN_PREFIX + "rep-a", TOKEN_A).with("routing.api.admin-tokens", ADMIN)
        .with("routing.api.read-auth", "true"));
    assertThat(settings.readAuth()).isTrue();
    assertThat(ApiSettings.from(LayeredConfig.defaults()).readAuth()).as("off by default").isFalse();
    HostInfo self = new HostInfo(a.uri().getHost(), a.uri().getPort());
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    try (PoolApi api = new PoolApi(settings, a.streams(), self, io.leadflow.routing.RoutingRules.parse(
        Files.readAllBytes(rulesFile), "it rules"), java.util.Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      server.createContext("/api/", api);
      server.start();
      Instance guarded = new Instance(a.management(), a.service(), a.streams(),
          URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
      for (String country : COUNTRIES) {
        String leads = "/api/pools/" + pool(country) + "/leads";
        assertThat(status(guarded, "GET", leads, null, null)).isEqualTo(401);
        assertThat(status(guarded, "GET", leads, "not-a-token", null)).isEqualTo(401);
        assertThat(call(guarded, "GET", leads, TOKEN_A, null).path("pool").asText()).isEqualTo(pool(country));
        assertThat(call(guarded, "GET", leads, ADMIN, null).path("pool").asText()).isEqualTo(pool(country));
      }
      assertThat(status(guarded, "GET", "/api/reps/rep-a/load", null, null)).isEqualTo(401);
      assertThat(status(guarded, "GET", "/api/pools/" + pool("DE") + "/stats", null, null)).isEqualTo(401);
      assertThat(status(guarded, "GET", "/api/leads/x/explain", null, null)).isEqualTo(401);
      // Commands keep their own rule (the rep's token), read-auth or not.
      assertThat(status(guarded, "POST", "/api/pools/" + pool("DE") + "/claim", null, "{\"lead\":\"x\"}")).isEqualTo(401);
      // The instances of this class run without it.
      assertThat(status(a, "GET", "/api/pools/" + pool("DE") + "/leads", null, null)).isEqualTo(200);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void adminWeightsGoToRepWeightsOnlyWithTheAdminToken() throws Exception {
    String path = "/api/admin/weights/rep-b";
    assertThat(status(a, "PUT", path, null, "{\"weight\": 2.5}")).isEqualTo(401);
    assertThat(status(a, "PUT", path, TOKEN_B, "{\"weight\": 2.5}")).isEqualTo(403);
    assertThat(status(a, "PUT", path, ADMIN, "{\"weight\": -1}")).isEqualTo(400);
    HttpResponse<String> set = request(b, "PUT", path, ADMIN, "{\"weight\": 2.5}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    List<RepWeight> weights = KAFKA.readAll(Topics.REP_WEIGHTS.name(), new StringDeserializer(),
        Topics.REP_WEIGHTS.valueSerde().deserializer(), 1, TIMEOUT).stream().map(r -> r.value()).toList();
    assertThat(weights).singleElement().satisfies(w -> {
      assertThat(w.getRepId()).isEqualTo("rep-b");
      assertThat(w.getWeight()).isEqualTo(2.5);
      assertThat(w.getModel()).isEqualTo("admin");
    });
  }

  @Test
  void thePageServesOnlyItsOwnFiles() throws Exception {
    HttpResponse<String> index = request(a, "GET", "/ui/", null, null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(index.body()).contains("<script src=\"app.js\"></script>").doesNotContain("http://", "https://");
    assertThat(status(a, "GET", "/ui/app.js", null, null)).isEqualTo(200);
    assertThat(status(a, "GET", "/ui/PoolPage.class", null, null)).isEqualTo(404);
    assertThat(status(a, "GET", "/ui/%2e%2e/RoutingApp.class", null, null)).isEqualTo(404);
    assertThat(status(a, "POST", "/ui/index.html", null, "{}")).isEqualTo(404);
    assertThat(status(a, "GET", "/api/nothing-here", null, null)).isEqualTo(404);
    assertThat(status(a, "DELETE", "/api/pools/x/claim", null, null)).isEqualTo(405);
  }

  /**
   * The page in Debian's headless chromium: a rep opens a link with their token and a lead (fragment), the page's
   * script claims it through the API, and the page says so; the pool then holds the lock. A screenshot of the pool
   * listing must decode as a PNG with more than a blank page's colours.
   */
  @Test
  void aRepClaimsThroughThePageInAHeadlessBrowser() throws Exception {
    Path chromium = Browser.find();
    org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "chromium not installed (.ci/run installs it)");
    String pool = pool("US");
    String lead = "lead-US-0";
    Instance notOwner = owner(pool).port() == a.uri().getPort() ? b : a;
    String page = notOwner.uri() + "/ui/#pool=" + pool + "&token=" + TOKEN_B + "&claim=" + lead;

    String dom = Browser.dumpDom(chromium, page);
    assertThat(dom).contains("data-ready=\"true\"");
    assertThat(Browser.textOf(dom, "status")).isEqualTo("CLAIMED: " + lead + " is yours (rep-b)");
    JsonNode locked = awaitJson(a, "GET", "/api/pools/" + pool + "/leads?state=LOCKED", null, null, 200,
        json -> json.path("leads").size() == 1);
    assertThat(locked.path("leads").get(0).path("claimedBy").asText()).isEqualTo("rep-b");

    // The ops tab shows the claim among the pool's figures, with its latency and, once the CRM reports the lead
    // won, a conversion of 100 % for claims.
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      send(producer, Topics.LEAD_OUTCOMES, lead, LeadOutcome.newBuilder().setOutcomeId("it-o-page").setLeadId(lead)
          .setType(OutcomeType.WON).setOccurredAt(Instant.now()).build(), System.currentTimeMillis());
    }
    awaitJson(a, "GET", "/api/pools/" + pool + "/stats", null, null, 200,
        json -> bySource(json, "claim").path("won").asLong() == 1);
    String ops = Browser.dumpDom(chromium, notOwner.uri() + "/ui/#tab=ops&pool=" + pool);
    assertThat(ops).contains("Claim patterns per rep").contains("<td>rep-b</td>")
        .contains("Assignment latency and conversion by claim source").contains("<td>claim</td>")
        .doesNotContain("not available");
    assertThat(Browser.textOf(ops, "latency-summary")).startsWith("Assignment latency").contains("p50").contains("p95")
        .endsWith("over 1 assignments");
    java.util.regex.Matcher claimRow = java.util.regex.Pattern.compile("<tr><td>claim</td>(.*?)</tr>").matcher(ops);
    assertThat(claimRow.find()).as(ops).isTrue();
    assertThat(claimRow.group(1)).contains("<td>1</td>").contains("<td>100 %</td>");

    Path png = Files.createDirectories(Path.of("target", "browser")).resolve("pool-page.png");
    Files.deleteIfExists(png);
    Browser.screenshot(chromium, notOwner.uri() + "/ui/#pool=" + pool + "&token=" + TOKEN_B + "&state=", png);
    assertThat(png).exists();
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
    assertThat(image).as("PNG decodes").isNotNull();
    assertThat(Browser.distinctColours(image)).as("not a blank page").isGreaterThan(8);
  }

  // ---- helpers

  private static HostInfo owner(String pool) {
    KeyQueryMetadata metadata = a.streams().queryMetadataForKey(RoutingTopology.POOL_LEADS_STORE, pool,
        new StringSerializer());
    return metadata.activeHost();
  }

  /** Pools named so that the four hash to four different partitions (default partitioner, murmur2). */
  static String pool(String country) {
    int partition = COUNTRIES.indexOf(country);
    for (int candidate = 0; ; candidate++) {
      String name = "pool-" + candidate;
      if (Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition) {
        return name;
      }
    }
  }

  private static HttpResponse<String> request(Instance at, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(at.uri().resolve(path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int status(Instance at, String method, String path, String token, String body) throws Exception {
    return request(at, method, path, token, body).statusCode();
  }

  private static JsonNode call(Instance at, String method, String path, String token, String body) throws Exception {
    HttpResponse<String> response = request(at, method, path, token, body);
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private interface Check {
    boolean test(JsonNode json);
  }

  /** Retries while the state catches up (store updates and rebalances are asynchronous to the HTTP calls). */
  private static JsonNode awaitJson(Instance at, String method, String path, String token, String body, int status,
      Check check) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = request(at, method, path, token, body);
      last = response.statusCode() + " " + response.body();
      if (response.statusCode() == status) {
        JsonNode json = JSON.readTree(response.body());
        if (check.test(json)) {
          return json;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out on " + method + " " + path + "; last answer " + last);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value,
      long timestamp) {
    producer.send(new ProducerRecord<>(topic.name(), null, timestamp, topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }
}
