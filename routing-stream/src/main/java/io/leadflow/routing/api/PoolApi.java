package io.leadflow.routing.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.LeadOwnership;
import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.PoolCommandType;
import io.leadflow.avro.PoolEvent;
import io.leadflow.avro.PoolEventType;
import io.leadflow.avro.PoolLead;
import io.leadflow.avro.RepLoad;
import io.leadflow.avro.RepWeight;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.PullSettings;
import io.leadflow.routing.RoutingRules;
import io.leadflow.routing.RoutingTopology;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool REST API (docs/POOL.md "REST API"), mounted under {@code /api/} on the management port:
 *
 * <ul>
 *   <li>{@code GET /api/pools/{pool}/leads}: the pool's leads from {@code pool-leads} by interactive query; the
 *       instance that owns the pool's partition answers, others forward the request to it;</li>
 *   <li>{@code GET /api/pools/{pool}/stats}: the ops dashboard's figures; {@code GET /api/pools/{pool}/sources}:
 *       assignment latency and conversion by claim source, from {@code pool-source-stats} (partitioned apart from
 *       {@code pool-leads}, so the stats call asks that store's owner for it);</li>
 *   <li>{@code POST /api/pools/{pool}/claim|release|take-next}: a rep's command (bearer token), sent to
 *       {@code pool-commands}; the answer is the pool's event for it (200, or 409 with the refusal);</li>
 *   <li>{@code GET /api/leads/{lead}/explain}: the decision record of the lead's current assignment;</li>
 *   <li>{@code GET /api/reps/{rep}/load}: the rep's active load (global table);</li>
 *   <li>{@code PUT /api/admin/weights/{rep}}: an admin's weight, written to {@code rep-weights}.</li>
 * </ul>
 */
public final class PoolApi implements HttpHandler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PoolApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StringSerializer KEYS = new StringSerializer();
  /** Set on a forwarded request: answer from local stores, never forward again (no loops during a rebalance). */
  static final String LOCAL = "local";

  private final ApiSettings settings;
  private final KafkaStreams streams;
  private final HostInfo self;
  private final RoutingRules startingRules;
  private final KafkaProducer<byte[], byte[]> producer;
  private final PoolAnswers answers;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private volatile RulesVersion rules;

  private record RulesVersion(String version, RoutingRules rules) {}

  record Reply(int status, Object body) {}

  public PoolApi(ApiSettings settings, KafkaStreams streams, HostInfo self, RoutingRules startingRules,
      Map<String, Object> kafkaClientProperties) {
    this.settings = settings;
    this.streams = streams;
    this.self = self;
    this.startingRules = startingRules;
    Map<String, Object> props = new LinkedHashMap<>(kafkaClientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "routing-api-" + self.port());
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.answers = new PoolAnswers(kafkaClientProperties);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      try {
        reply = route(exchange);
      } catch (BadRequest e) {
        reply = error(400, e.getMessage());
      } catch (InvalidStateStoreException e) {
        reply = error(503, "state not queryable right now (rebalancing or restoring); retry: " + e.getMessage());
      } catch (Exception e) {
        LOG.warn("pool API {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
        reply = error(500, "internal error");
      }
      send(exchange, reply.status(), "application/json", JSON.writeValueAsBytes(reply.body()));
    }
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private Reply route(HttpExchange exchange) throws Exception {
    String method = exchange.getRequestMethod();
    String[] parts = exchange.getRequestURI().getPath().split("/");
    // parts[0] = "", parts[1] = "api"
    List<String> path = new ArrayList<>();
    for (int i = 2; i < parts.length; i++) {
      path.add(URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    if (settings.readAuth() && method.equals("GET") && !path.isEmpty() && !knownToken(exchange)) {
      return error(401, "routing.api.read-auth is on: a rep's or admin's bearer token is required");
    }
    if (path.size() == 3 && path.get(0).equals("pools") && path.get(2).equals("leads")) {
      return method.equals("GET") ? leads(exchange, path.get(1), query) : notAllowed("GET");
    }
    if (path.size() == 3 && path.get(0).equals("pools") && path.get(2).equals("stats")) {
      return method.equals("GET") ? stats(exchange, path.get(1), query) : notAllowed("GET");
    }
    if (path.size() == 3 && path.get(0).equals("pools") && path.get(2).equals("sources")) {
      return method.equals("GET") ? sources(exchange, path.get(1), query) : notAllowed("GET");
    }
    if (path.size() == 3 && path.get(0).equals("pools")) {
      PoolCommandType type = switch (path.get(2)) {
        case "claim" -> PoolCommandType.CLAIM;
        case "release" -> PoolCommandType.RELEASE;
        case "take-next" -> PoolCommandType.TAKE_NEXT;
        default -> null;
      };
      if (type != null) {
        return method.equals("POST") ? command(exchange, path.get(1), type) : notAllowed("POST");
      }
    }
    if (path.size() == 3 && path.get(0).equals("leads") && path.get(2).equals("explain")) {
      return method.equals("GET") ? explain(exchange, path.get(1), query) : notAllowed("GET");
    }
    if (path.size() == 3 && path.get(0).equals("reps") && path.get(2).equals("load")) {
      return method.equals("GET") ? load(path.get(1)) : notAllowed("GET");
    }
    if (path.size() == 3 && path.get(0).equals("admin") && path.get(1).equals("weights")) {
      return method.equals("PUT") ? weight(exchange, path.get(2)) : notAllowed("PUT");
    }
    return error(404, "no such endpoint");
  }

  // ---- GET /api/pools/{pool}/leads

  private Reply leads(HttpExchange exchange, String pool, Map<String, String> query) throws Exception {
    if (!query.containsKey(LOCAL)) {
      KeyQueryMetadata owner = streams.queryMetadataForKey(RoutingTopology.POOL_LEADS_STORE, pool, KEYS);
      Optional<Reply> remote = forwardIfRemote(exchange, owner);
      if (remote.isPresent()) {
        return remote.get();
      }
    }
    LeadFilter filter = LeadFilter.from(query);
    Optional<String> viewer = repOf(exchange);
    PullSettings pull = pullSettings(pool);
    boolean hidden = pull != null && pull.detailsHidden();
    ReadOnlyKeyValueStore<String, PoolLead> store = streams.store(StoreQueryParameters.fromNameAndType(
        RoutingTopology.POOL_LEADS_STORE, QueryableStoreTypes.<String, PoolLead>keyValueStore()));
    List<PoolLead> matching = new ArrayList<>();
    int total = 0;
    try (KeyValueIterator<String, PoolLead> it = store.prefixScan(pool + "\u0000", KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, PoolLead> entry = it.next();
        total++;
        if (filter.test(entry.value)) {
          matching.add(entry.value);
        }
      }
    }
    matching.sort(filter.order());
    List<Map<String, Object>> leads = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (PoolLead lead : matching.subList(0, Math.min(filter.limit(), matching.size()))) {
      boolean showDetails = !hidden || viewer.filter(rep -> rep.equals(lead.getClaimedBy())).isPresent();
      leads.add(preview(lead, showDetails, now));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pool", pool);
    body.put("pullPool", pull != null);
    body.put("mode", pull == null ? null : pull.pullMode().name().toLowerCase(Locale.ROOT));
    body.put("hideDetails", hidden);
    body.put("servedBy", self.host() + ":" + self.port());
    body.put("total", total);
    body.put("matching", matching.size());
    body.put("leads", leads);
    return new Reply(200, body);
  }

  static Map<String, Object> preview(PoolLead lead, boolean details, long now) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("leadId", lead.getLeadId());
    out.put("state", lead.getState().name());
    out.put("companyName", lead.getCompanyName());
    out.put("industry", lead.getIndustry());
    out.put("segment", lead.getSegment().name());
    out.put("employeeCount", lead.getEmployeeCount());
    out.put("source", lead.getSource());
    out.put("score", lead.getScore());
    out.put("enteredAt", Instant.ofEpochMilli(lead.getEnteredAt().toEpochMilli()).toString());
    out.put("ageSeconds", Math.max(0, (now - lead.getEnteredAt().toEpochMilli()) / 1000));
    out.put("claimedBy", lead.getClaimedBy());
    out.put("claimedAt", lead.getClaimedAt() == null ? null : lead.getClaimedAt().toString());
    if (details) {
      out.put("details", AvroJson.toJson(lead.getRequest().getChange().getLead()));
    }
    return out;
  }

  private PullSettings pullSettings(String pool) {
    RoutingRules current = currentRules();
    var settings = current.pools().get(pool);
    return settings == null ? null : settings.pull();
  }

  /** The rules in force: the latest routing-config document, parsed once per version, else those of start-up. */
  private RoutingRules currentRules() {
    try {
      ReadOnlyKeyValueStore<String, ConfigDocument> docs = streams.store(StoreQueryParameters.fromNameAndType(
          RoutingTopology.ROUTING_CONFIG_STORE, QueryableStoreTypes.<String, ConfigDocument>keyValueStore()));
      ConfigDocument doc = docs.get(RoutingTopology.RULES_DOCUMENT);
      if (doc == null) {
        return startingRules;
      }
      RulesVersion known = rules;
      if (known != null && known.version().equals(doc.getVersion())) {
        return known.rules();
      }
      RoutingRules parsed = RoutingRules.parse(doc.getYaml().getBytes(StandardCharsets.UTF_8),
          "routing-config version " + doc.getVersion());
      rules = new RulesVersion(doc.getVersion(), parsed);
      return parsed;
    } catch (RuntimeException e) {
      RulesVersion known = rules;
      return known == null ? startingRules : known.rules();
    }
  }

  // ---- GET /api/pools/{pool}/stats (the ops dashboard)

  private Reply stats(HttpExchange exchange, String pool, Map<String, String> query) throws Exception {
    if (!query.containsKey(LOCAL)) {
      KeyQueryMetadata owner = streams.queryMetadataForKey(RoutingTopology.POOL_LEADS_STORE, pool, KEYS);
      Optional<Reply> remote = forwardIfRemote(exchange, owner);
      if (remote.isPresent()) {
        return remote.get();
      }
    }
    long now = System.currentTimeMillis();
    List<Long> openAges = new ArrayList<>();
    Map<String, Long> byState = new java.util.TreeMap<>();
    ReadOnlyKeyValueStore<String, PoolLead> leads = streams.store(StoreQueryParameters.fromNameAndType(
        RoutingTopology.POOL_LEADS_STORE, QueryableStoreTypes.<String, PoolLead>keyValueStore()));
    try (KeyValueIterator<String, PoolLead> it = leads.prefixScan(pool + "\u0000", KEYS)) {
      while (it.hasNext()) {
        PoolLead lead = it.next().value;
        byState.merge(lead.getState().name(), 1L, Long::sum);
        if (lead.getState() == io.leadflow.avro.PoolLeadState.OPEN
            || lead.getState() == io.leadflow.avro.PoolLeadState.REVIEW) {
          openAges.add(Math.max(0, (now - lead.getEnteredAt().toEpochMilli()) / 1000));
        }
      }
    }
    // Claim patterns per rep: the pool's rep state lives in the same task as its leads.
    Map<String, Map<String, Object>> claims = new LinkedHashMap<>();
    String today = java.time.LocalDate.ofInstant(java.time.Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC).toString();
    ReadOnlyKeyValueStore<String, io.leadflow.avro.PoolRepState> repStates = streams.store(
        StoreQueryParameters.fromNameAndType(RoutingTopology.POOL_REP_STATE_STORE,
            QueryableStoreTypes.<String, io.leadflow.avro.PoolRepState>keyValueStore()));
    try (KeyValueIterator<String, io.leadflow.avro.PoolRepState> it = repStates.prefixScan(pool + "\u0000", KEYS)) {
      while (it.hasNext()) {
        io.leadflow.avro.PoolRepState state = it.next().value;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("repId", state.getRepId());
        row.put("held", state.getHeldLeadIds().size());
        boolean countsAreToday = today.equals(state.getDay());
        row.put("claimsToday", countsAreToday ? state.getClaimsToday() : 0);
        row.put("lowScoreClaimsToday", countsAreToday ? state.getLowScoreClaimsToday() : 0);
        row.put("skipsInRow", state.getSkipsInRow());
        row.put("totalClaims", state.getTotalClaims());
        row.put("lapsedClaims", state.getLapsedClaims());
        claims.put(state.getRepId(), row);
      }
    }
    // Leads per rep against target: the pool's members from the reps table, weights as routing uses them (an
    // rep-weights record overrides the static weight), counts from rep-load (all pools, this week).
    ReadOnlyKeyValueStore<String, io.leadflow.avro.Rep> reps = streams.store(StoreQueryParameters.fromNameAndType(
        RoutingTopology.REPS_STORE, QueryableStoreTypes.<String, io.leadflow.avro.Rep>keyValueStore()));
    ReadOnlyKeyValueStore<String, RepWeight> weights = streams.store(StoreQueryParameters.fromNameAndType(
        RoutingTopology.REP_WEIGHTS_STORE, QueryableStoreTypes.<String, RepWeight>keyValueStore()));
    ReadOnlyKeyValueStore<String, RepLoad> loads = streams.store(StoreQueryParameters.fromNameAndType(
        RoutingTopology.REP_LOAD_STORE, QueryableStoreTypes.<String, RepLoad>keyValueStore()));
    List<PoolStats.RepCount> counts = new ArrayList<>();
    try (KeyValueIterator<String, io.leadflow.avro.Rep> it = reps.all()) {
      while (it.hasNext()) {
        io.leadflow.avro.Rep rep = it.next().value;
        if (rep == null || !rep.getActive() || rep.getPools().stream().noneMatch(p -> p.toString().equals(pool))) {
          continue;
        }
        RepWeight override = weights.get(rep.getRepId());
        double weight = io.leadflow.routing.PoolWeights.usable(override) ? override.getWeight() : rep.getWeight();
        RepLoad load = loads.get(rep.getRepId());
        counts.add(new PoolStats.RepCount(rep.getRepId(), weight, load == null ? 0 : load.getAssignedThisWeek()));
      }
    }
    // Members who never claimed here are the ones a minimum daily claim rate is about (seed 001).
    for (PoolStats.RepCount member : counts) {
      claims.computeIfAbsent(member.repId(), rep -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("repId", rep);
        for (String field : List.of("held", "claimsToday", "lowScoreClaimsToday", "skipsInRow", "totalClaims", "lapsedClaims")) {
          row.put(field, 0);
        }
        return row;
      });
    }
    PullSettings pull = pullSettings(pool);
    Integer minimum = pull == null ? null : pull.minDailyClaims();
    claims.values().forEach(row -> row.put("belowDailyMinimum",
        PoolStats.belowDailyMinimum(((Number) row.get("claimsToday")).intValue(), minimum)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pool", pool);
    body.put("servedBy", self.host() + ":" + self.port());
    body.put("minDailyClaims", minimum);
    body.put("leadsByState", byState);
    body.put("waitingAge", PoolStats.ages(openAges));
    body.put("claimsByRep", List.copyOf(claims.values()));
    body.put("assignedThisWeekAgainstTarget", PoolStats.againstTarget(counts));
    body.put("gini", PoolStats.gini(counts));
    // pool-source-stats is keyed by pool too, but fed by another sub-topology: its owner may be the other instance.
    KeyQueryMetadata sourcesOwner = streams.queryMetadataForKey(RoutingTopology.POOL_SOURCE_STATS_STORE, pool, KEYS);
    String sourcesPath = "/api/pools/" + java.net.URLEncoder.encode(pool, StandardCharsets.UTF_8).replace("+", "%20")
        + "/sources";
    Reply sources = forwardIfRemote(exchange, sourcesOwner, sourcesPath, null).orElseGet(() -> {
      try {
        return sourcesHere(pool);
      } catch (InvalidStateStoreException e) {
        return error(503, "pool-source-stats not queryable right now (rebalancing or restoring); retry");
      }
    });
    if (sources.status() == 200) {
      JsonNode figures = JSON.valueToTree(sources.body());
      body.put("assignmentLatency", figures.path("assignmentLatency"));
      body.put("bySource", figures.path("bySource"));
      body.put("sourcesServedBy", figures.path("servedBy").asText());
    } else {
      // The rest of the dashboard is still worth showing; say why this part is missing.
      body.put("assignmentLatency", null);
      body.put("bySource", null);
      body.put("sourcesError", JSON.valueToTree(sources.body()).path("error").asText());
    }
    return new Reply(200, body);
  }

  // ---- GET /api/pools/{pool}/sources (latency and conversion by claim source)

  private Reply sources(HttpExchange exchange, String pool, Map<String, String> query) throws Exception {
    if (!query.containsKey(LOCAL)) {
      KeyQueryMetadata owner = streams.queryMetadataForKey(RoutingTopology.POOL_SOURCE_STATS_STORE, pool, KEYS);
      Optional<Reply> remote = forwardIfRemote(exchange, owner);
      if (remote.isPresent()) {
        return remote.get();
      }
    }
    return sourcesHere(pool);
  }

  private Reply sourcesHere(String pool) {
    ReadOnlyKeyValueStore<String, io.leadflow.avro.PoolSourceStats> store = streams.store(
        StoreQueryParameters.fromNameAndType(RoutingTopology.POOL_SOURCE_STATS_STORE,
            QueryableStoreTypes.<String, io.leadflow.avro.PoolSourceStats>keyValueStore()));
    io.leadflow.avro.PoolSourceStats stats = store.get(pool);
    List<Map<String, Object>> rows = PoolStats.bySource(stats == null ? Map.of() : stats.getSources());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pool", pool);
    body.put("servedBy", self.host() + ":" + self.port());
    body.put("updatedAt", stats == null ? null : stats.getUpdatedAt().toString());
    body.put("assignmentLatency", rows.isEmpty() ? PoolStats.latency(List.of(), 0) : rows.get(rows.size() - 1).get("latency"));
    body.put("bySource", rows);
    return new Reply(200, body);
  }

  // ---- POST /api/pools/{pool}/claim|release|take-next

  private Reply command(HttpExchange exchange, String pool, PoolCommandType type) throws Exception {
    Optional<String> tokenRep = repOf(exchange);
    if (tokenRep.isEmpty()) {
      return error(401, "a rep's bearer token is required (Authorization: Bearer …)");
    }
    JsonNode body = body(exchange);
    String rep = text(body, "rep").orElse(tokenRep.get());
    if (!rep.equals(tokenRep.get())) {
      return error(403, "your token is for rep " + tokenRep.get() + "; you cannot act as " + rep);
    }
    String lead = text(body, "lead").orElse(null);
    if (type != PoolCommandType.TAKE_NEXT && lead == null) {
      throw new BadRequest("field 'lead' is required for " + type.name().toLowerCase(Locale.ROOT));
    }
    PoolCommand command = PoolCommand.newBuilder().setCommandId(UUID.randomUUID().toString()).setType(type)
        .setPoolId(pool).setRepId(rep).setLeadId(type == PoolCommandType.TAKE_NEXT ? null : lead)
        .setIssuedAt(Instant.now()).build();
    CompletableFuture<PoolEvent> answer = answers.expect(command.getCommandId());
    try {
      publish(Topics.POOL_COMMANDS, pool, command, command.getIssuedAt().toEpochMilli());
      PoolEvent event = answer.get(settings.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("commandId", command.getCommandId());
      out.put("result", event.getType().name());
      out.put("pool", event.getPoolId());
      out.put("lead", event.getLeadId());
      out.put("rep", event.getRepId());
      out.put("reason", event.getReason());
      out.put("at", event.getOccurredAt().toString());
      return new Reply(event.getType() == PoolEventType.CLAIM_REJECTED ? 409 : 200, out);
    } catch (TimeoutException e) {
      return error(504, "no answer from the pool within " + settings.answerTimeout() + " (command "
          + command.getCommandId() + " was sent; check lead-pool-events)");
    } finally {
      answers.forget(command.getCommandId());
    }
  }

  private <V> void publish(TopicSpec<String, V> topic, String key, V value, long timestamp) throws Exception {
    producer.send(new ProducerRecord<>(topic.name(), null, timestamp,
        topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value))).get(30, TimeUnit.SECONDS);
  }

  // ---- GET /api/leads/{lead}/explain

  private Reply explain(HttpExchange exchange, String lead, Map<String, String> query) throws Exception {
    if (!query.containsKey(LOCAL)) {
      KeyQueryMetadata owner = streams.queryMetadataForKey(RoutingTopology.LEAD_OWNERSHIP_STORE, lead, KEYS);
      Optional<Reply> remote = forwardIfRemote(exchange, owner);
      if (remote.isPresent()) {
        return remote.get();
      }
    }
    ReadOnlyKeyValueStore<String, LeadOwnership> store = streams.store(StoreQueryParameters.fromNameAndType(
        RoutingTopology.LEAD_OWNERSHIP_STORE, QueryableStoreTypes.<String, LeadOwnership>keyValueStore()));
    LeadOwnership ownership = store.get(lead);
    if (ownership == null) {
      return error(404, "no current assignment for lead " + lead + " (not routed yet, waiting in a pool, or closed)");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("leadId", lead);
    out.put("contacted", ownership.getContacted());
    out.put("closed", ownership.getClosed());
    out.put("reroutes", ownership.getReroutes());
    @SuppressWarnings("unchecked")
    Map<String, Object> assignment = (Map<String, Object>) AvroJson.toJson(ownership.getAssignment());
    assignment.remove("lead"); // the full lead is not part of the explanation
    out.put("assignment", assignment);
    return new Reply(200, out);
  }

  // ---- GET /api/reps/{rep}/load

  private Reply load(String rep) {
    ReadOnlyKeyValueStore<String, RepLoad> store = streams.store(StoreQueryParameters.fromNameAndType(
        RoutingTopology.REP_LOAD_STORE, QueryableStoreTypes.<String, RepLoad>keyValueStore()));
    RepLoad load = store.get(rep);
    return load == null ? error(404, "no load recorded for rep " + rep) : new Reply(200, AvroJson.toJson(load));
  }

  // ---- PUT /api/admin/weights/{rep}

  private Reply weight(HttpExchange exchange, String rep) throws Exception {
    Optional<String> token = bearer(exchange);
    if (token.isEmpty()) {
      return error(401, "an admin bearer token is required");
    }
    if (settings.adminTokens().stream().noneMatch(admin -> same(admin, token.get()))) {
      return error(403, "this token may not edit weights");
    }
    JsonNode body = body(exchange);
    JsonNode weight = body.path("weight");
    if (!weight.isNumber() || !Double.isFinite(weight.asDouble()) || weight.asDouble() < 0) {
      throw new BadRequest("field 'weight' must be a number >= 0");
    }
    Instant now = Instant.now();
    RepWeight record = RepWeight.newBuilder().setRepId(rep).setWeight(weight.asDouble()).setModel("admin")
        .setVersion(text(body, "version").orElse("admin-" + now)).setInputs(Map.of()).setComputedAt(now).build();
    publish(Topics.REP_WEIGHTS, rep, record, now.toEpochMilli());
    LOG.info("admin weight for rep {} set to {} (version {})", rep, record.getWeight(), record.getVersion());
    return new Reply(200, AvroJson.toJson(record));
  }

  // ---- helpers

  /** Forwards to the instance that owns the key; empty when this instance does. */
  private Optional<Reply> forwardIfRemote(HttpExchange exchange, KeyQueryMetadata owner) throws Exception {
    return forwardIfRemote(exchange, owner, exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery());
  }

  /** Sends GET {@code rawPath?rawQuery&local=true} to the owner of the key, with the caller's Authorization. */
  private Optional<Reply> forwardIfRemote(HttpExchange exchange, KeyQueryMetadata owner, String rawPath, String rawQuery)
      throws Exception {
    if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost() == null) {
      return Optional.of(error(503, "no instance owns this key right now (starting or rebalancing); retry"));
    }
    HostInfo host = owner.activeHost();
    if (host.equals(self)) {
      return Optional.empty();
    }
    URI target = URI.create("http://" + host.host() + ":" + host.port() + rawPath + "?"
        + (rawQuery == null || rawQuery.isEmpty() ? "" : rawQuery + "&") + LOCAL + "=true");
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return Optional.of(error(502, "instance " + host.host() + ":" + host.port() + " owns this key but did not answer"));
    }
    return Optional.of(new Reply(response.statusCode(), JSON.readTree(response.body())));
  }

  private Optional<String> repOf(HttpExchange exchange) {
    return bearer(exchange).flatMap(token -> settings.repTokens().entrySet().stream()
        .filter(e -> same(e.getValue(), token)).map(Map.Entry::getKey).findFirst());
  }

  private boolean knownToken(HttpExchange exchange) {
    Optional<String> token = bearer(exchange);
    return token.isPresent() && (repOf(exchange).isPresent()
        || settings.adminTokens().stream().anyMatch(admin -> same(admin, token.get())));
  }

  private static Optional<String> bearer(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /** Constant-time comparison: response times say nothing about a token's prefix. */
  private static boolean same(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(64 * 1024);
      if (bytes.length == 0) {
        return JSON.createObjectNode();
      }
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        throw new BadRequest("the body is not JSON: " + e.getMessage());
      }
    }
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode node = body.path(field);
    return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }

  private static Reply notAllowed(String method) {
    return error(405, method + " only");
  }

  static Reply error(int status, String message) {
    return new Reply(status, Map.of("error", message));
  }

  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    answers.close();
    producer.close(Duration.ofSeconds(5));
  }
}
