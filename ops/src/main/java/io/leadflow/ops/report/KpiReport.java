package io.leadflow.ops.report;

import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Priority;
import io.leadflow.ops.stats.Distribution;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Distribution KPIs (seed 002 "Push-Verteilungserfolg messen") and gaming signals (seed 000) over lists of
 * assignments and outcomes. Pure: no Kafka. Every definition is in docs/REPORT.md.
 */
public record KpiReport(
    Instant from, Instant to,
    int assignments, int leads,
    SortedMap<String, Long> leadsPerRep,
    SortedMap<LocalDate, SortedMap<String, Long>> leadsPerRepPerDay,
    SortedMap<String, SortedMap<String, Long>> leadsPerRepPerWeek,
    Spread spread,
    Percentiles assignmentLatency,
    Percentiles responseTime,
    int leadsWithoutResponse,
    HighPriorityResponse highPriority,
    SortedMap<String, Conversion> conversionByMethod,
    SortedMap<String, Conversion> conversionByTier,
    long fallbacks, double fallbackRate,
    List<DisqualificationSpike> disqualificationSpikes,
    List<ContactConcentration> contactConcentration,
    List<DealVelocity> dealVelocity) {

  /** Leads per rep over the whole period. */
  public record Spread(int reps, double mean, double standardDeviation, double gini, long min, long max) {}

  public record Percentiles(int count, Duration p50, Duration p90, Duration p99, Duration max) {
    static Percentiles of(List<Long> millis) {
      Distribution d = Distribution.of(millis);
      return new Percentiles(d.size(), ms(d.percentile(0.5)), ms(d.percentile(0.9)), ms(d.percentile(0.99)),
          ms(d.percentile(1.0)));
    }
  }

  public record HighPriorityResponse(int leads, int overLimit, double shareOverLimit, Duration limit) {}

  public record Conversion(int leads, int converted, double rate) {}

  public record DisqualificationSpike(String repId, String week, int weekLeads, int weekDisqualified,
      double weekShare, int earlierLeads, double earlierShare, boolean flagged) {}

  public record ContactConcentration(String repId, int leads, int contacts, int topLeads, int topContacts,
      double share, boolean flagged) {}

  /** scope is a rep id or "team". Medians are null when there was no deal in that period. */
  public record DealVelocity(String scope, int deals, Duration median, int previousDeals, Duration previousMedian,
      boolean flagged) {}

  public List<String> flags() {
    List<String> flags = new ArrayList<>();
    disqualificationSpikes.stream().filter(DisqualificationSpike::flagged).forEach(s -> flags.add(String.format(
        "disqualification spike: %s %s %.0f%% of %d leads vs %.0f%% before", s.repId(), s.week(),
        100 * s.weekShare(), s.weekLeads(), 100 * s.earlierShare())));
    contactConcentration.stream().filter(ContactConcentration::flagged).forEach(c -> flags.add(String.format(
        "contact concentration: %s %.0f%% of %d contacts on %d of %d leads", c.repId(), 100 * c.share(),
        c.contacts(), c.topLeads(), c.leads())));
    dealVelocity.stream().filter(DealVelocity::flagged).forEach(v -> flags.add(String.format(
        "deal velocity slowing: %s median %s vs %s before", v.scope(), TextReport.duration(v.median()),
        TextReport.duration(v.previousMedian()))));
    return flags;
  }

  private static Duration ms(double millis) {
    return Duration.ofMillis(Math.round(millis));
  }

  static String isoWeek(Instant t) {
    LocalDate d = t.atZone(ZoneOffset.UTC).toLocalDate();
    return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private static boolean converted(OutcomeType t) {
    return t == OutcomeType.OPPORTUNITY || t == OutcomeType.WON;
  }

  public static KpiReport compute(List<LeadAssignment> allAssignments, List<LeadOutcome> allOutcomes,
      ReportOptions options) {
    Instant from = options.from() != null ? options.from() : allAssignments.stream()
        .map(LeadAssignment::getAssignedAt).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    Instant to = options.to() != null ? options.to() : Stream.concat(
        allAssignments.stream().map(LeadAssignment::getAssignedAt), allOutcomes.stream().map(LeadOutcome::getOccurredAt))
        .max(Comparator.naturalOrder()).orElse(from).plusMillis(1);
    Instant end = to;
    List<LeadOutcome> outcomes = allOutcomes.stream().filter(o -> o.getOccurredAt().isBefore(end))
        .sorted(Comparator.comparing(LeadOutcome::getOccurredAt)).toList();
    Map<String, List<LeadOutcome>> outcomesByLead = new HashMap<>();
    outcomes.forEach(o -> outcomesByLead.computeIfAbsent(o.getLeadId(), k -> new ArrayList<>()).add(o));
    List<LeadAssignment> sortedAll = allAssignments.stream().filter(a -> a.getAssignedAt().isBefore(end))
        .sorted(Comparator.comparing(LeadAssignment::getAssignedAt)).toList();
    List<LeadAssignment> assignments = inPeriod(sortedAll, from, to);

    // Leads per rep: every assignment counts for its rep; reps only seen as candidates count with 0.
    SortedMap<String, Long> perRep = new TreeMap<>();
    SortedMap<LocalDate, SortedMap<String, Long>> perDay = new TreeMap<>();
    SortedMap<String, SortedMap<String, Long>> perWeek = new TreeMap<>();
    for (LeadAssignment a : assignments) {
      a.getDecision().getCandidates().forEach(c -> perRep.putIfAbsent(c.getRepId(), 0L));
      perRep.merge(a.getRepId(), 1L, Long::sum);
      perDay.computeIfAbsent(a.getAssignedAt().atZone(ZoneOffset.UTC).toLocalDate(), k -> new TreeMap<>())
          .merge(a.getRepId(), 1L, Long::sum);
      perWeek.computeIfAbsent(isoWeek(a.getAssignedAt()), k -> new TreeMap<>()).merge(a.getRepId(), 1L, Long::sum);
    }
    Distribution counts = Distribution.of(perRep.values());
    Spread spread = new Spread(counts.size(), counts.mean(), counts.standardDeviation(), counts.gini(),
        (long) counts.percentile(0.000001), (long) counts.percentile(1.0));

    Percentiles latency = Percentiles.of(assignments.stream()
        .map(a -> Duration.between(a.getEventTime(), a.getAssignedAt()).toMillis()).toList());

    // Per lead: first assignment (response time) and last assignment (owner: conversion, gaming signals).
    Map<String, LeadAssignment> first = new LinkedHashMap<>();
    Map<String, LeadAssignment> last = new LinkedHashMap<>();
    for (LeadAssignment a : assignments) {
      first.putIfAbsent(a.getLeadId(), a);
      last.put(a.getLeadId(), a);
    }
    List<Long> responses = new ArrayList<>();
    int withoutResponse = 0;
    int high = 0;
    int highOver = 0;
    for (LeadAssignment a : first.values()) {
      Optional<LeadOutcome> firstContact = outcomesByLead.getOrDefault(a.getLeadId(), List.of()).stream()
          .filter(o -> !o.getOccurredAt().isBefore(a.getAssignedAt())).findFirst();
      Duration response = firstContact.map(o -> Duration.between(a.getAssignedAt(), o.getOccurredAt())).orElse(null);
      if (response != null) {
        responses.add(response.toMillis());
      } else {
        withoutResponse++;
      }
      if (a.getPriority() == Priority.HIGH) {
        high++;
        Duration waited = response != null ? response : Duration.between(a.getAssignedAt(), to);
        if (waited.compareTo(options.highPriorityResponseLimit()) > 0) {
          highOver++;
        }
      }
    }
    HighPriorityResponse hp = new HighPriorityResponse(high, highOver, high == 0 ? 0 : (double) highOver / high,
        options.highPriorityResponseLimit());

    SortedMap<String, int[]> byMethod = new TreeMap<>();
    SortedMap<String, int[]> byTier = new TreeMap<>();
    for (LeadAssignment a : last.values()) {
      boolean conv = outcomesByLead.getOrDefault(a.getLeadId(), List.of()).stream().anyMatch(o -> converted(o.getType()));
      int[] m = byMethod.computeIfAbsent(a.getMethod().name(), k -> new int[2]);
      m[0]++;
      m[1] += conv ? 1 : 0;
      int[] t = byTier.computeIfAbsent(options.tier(chosenWeight(a)), k -> new int[2]);
      t[0]++;
      t[1] += conv ? 1 : 0;
    }
    long fallbacks = assignments.stream().filter(a -> a.getDecision().getFallback() != null).count();

    return new KpiReport(from, to, assignments.size(), first.size(), perRep, perDay, perWeek, spread, latency,
        Percentiles.of(responses), withoutResponse, hp, conversions(byMethod), conversions(byTier), fallbacks,
        assignments.isEmpty() ? 0 : (double) fallbacks / assignments.size(),
        disqualificationSpikes(sortedAll, outcomesByLead, to, options),
        contactConcentration(last, outcomes, options),
        dealVelocity(sortedAll, outcomesByLead, from, to, options));
  }

  private static List<LeadAssignment> inPeriod(List<LeadAssignment> sorted, Instant from, Instant to) {
    return sorted.stream().filter(a -> !a.getAssignedAt().isBefore(from) && a.getAssignedAt().isBefore(to)).toList();
  }

  /** The chosen rep's weight in the decision's candidate list; null for direct routes without candidates. */
  static Double chosenWeight(LeadAssignment a) {
    return a.getDecision().getCandidates().stream().filter(c -> c.getRepId().equals(a.getRepId()))
        .map(Candidate::getWeight).findFirst().orElse(null);
  }

  private static SortedMap<String, Conversion> conversions(SortedMap<String, int[]> counts) {
    SortedMap<String, Conversion> result = new TreeMap<>();
    counts.forEach((k, v) -> result.put(k, new Conversion(v[0], v[1], v[0] == 0 ? 0 : (double) v[1] / v[0])));
    return result;
  }

  private static Map<String, LeadAssignment> owners(List<LeadAssignment> sorted) {
    Map<String, LeadAssignment> last = new LinkedHashMap<>();
    sorted.forEach(a -> last.put(a.getLeadId(), a));
    return last;
  }

  /**
   * Cohorts by the ISO week the lead was (last) assigned to the rep: the week containing the end of the period
   * against every earlier week in the data.
   */
  private static List<DisqualificationSpike> disqualificationSpikes(List<LeadAssignment> sortedAll,
      Map<String, List<LeadOutcome>> outcomesByLead, Instant to, ReportOptions options) {
    String week = isoWeek(to.minusMillis(1));
    Map<String, int[]> stats = new TreeMap<>(); // weekLeads, weekDq, earlierLeads, earlierDq
    for (LeadAssignment a : owners(sortedAll).values()) {
      String w = isoWeek(a.getAssignedAt());
      if (w.compareTo(week) > 0) {
        continue;
      }
      boolean dq = outcomesByLead.getOrDefault(a.getLeadId(), List.of()).stream()
          .anyMatch(o -> o.getType() == OutcomeType.DISQUALIFIED);
      int[] s = stats.computeIfAbsent(a.getRepId(), k -> new int[4]);
      int i = w.equals(week) ? 0 : 2;
      s[i]++;
      s[i + 1] += dq ? 1 : 0;
    }
    List<DisqualificationSpike> result = new ArrayList<>();
    stats.forEach((rep, s) -> {
      double share = s[0] == 0 ? 0 : (double) s[1] / s[0];
      double earlier = s[2] == 0 ? 0 : (double) s[3] / s[2];
      boolean flagged = s[0] >= options.dqSpikeMinLeads() && s[2] > 0 && s[1] > 0
          && share > options.dqSpikeFactor() * earlier;
      result.add(new DisqualificationSpike(rep, week, s[0], s[1], share, s[2], earlier, flagged));
    });
    return result;
  }

  /** CONTACTED outcomes on the rep's own leads (owner = last assignment in the period). */
  private static List<ContactConcentration> contactConcentration(Map<String, LeadAssignment> owners,
      List<LeadOutcome> outcomes, ReportOptions options) {
    Map<String, Map<String, Integer>> contactsByRep = new TreeMap<>();
    Map<String, Integer> leadsByRep = new TreeMap<>();
    owners.values().forEach(a -> {
      leadsByRep.merge(a.getRepId(), 1, Integer::sum);
      contactsByRep.computeIfAbsent(a.getRepId(), k -> new HashMap<>()).put(a.getLeadId(), 0);
    });
    for (LeadOutcome o : outcomes) {
      LeadAssignment owner = owners.get(o.getLeadId());
      if (o.getType() == OutcomeType.CONTACTED && owner != null && !o.getOccurredAt().isBefore(owner.getAssignedAt())) {
        contactsByRep.get(owner.getRepId()).merge(o.getLeadId(), 1, Integer::sum);
      }
    }
    List<ContactConcentration> result = new ArrayList<>();
    contactsByRep.forEach((rep, perLead) -> {
      int leads = leadsByRep.get(rep);
      int contacts = perLead.values().stream().mapToInt(Integer::intValue).sum();
      int top = (int) Math.ceil(options.contactTopShare() * leads);
      int topContacts = perLead.values().stream().sorted(Comparator.reverseOrder()).limit(top)
          .mapToInt(Integer::intValue).sum();
      double share = contacts == 0 ? 0 : (double) topContacts / contacts;
      result.add(new ContactConcentration(rep, leads, contacts, top, topContacts, share,
          leads >= options.contactMinLeads() && share > options.contactFlagShare()));
    });
    return result;
  }

  /** Median assignment → first OPPORTUNITY/WON for leads assigned in this period vs the period as long before. */
  private static List<DealVelocity> dealVelocity(List<LeadAssignment> sortedAll,
      Map<String, List<LeadOutcome>> outcomesByLead, Instant from, Instant to, ReportOptions options) {
    Instant previousFrom = from.minus(Duration.between(from, to));
    Map<String, List<Long>> current = new TreeMap<>();
    Map<String, List<Long>> previous = new TreeMap<>();
    for (LeadAssignment a : owners(inPeriod(sortedAll, previousFrom, to)).values()) {
      Optional<LeadOutcome> deal = outcomesByLead.getOrDefault(a.getLeadId(), List.of()).stream()
          .filter(o -> converted(o.getType()) && !o.getOccurredAt().isBefore(a.getAssignedAt())).findFirst();
      if (deal.isEmpty()) {
        continue;
      }
      long ms = Duration.between(a.getAssignedAt(), deal.get().getOccurredAt()).toMillis();
      Map<String, List<Long>> target = a.getAssignedAt().isBefore(from) ? previous : current;
      target.computeIfAbsent(a.getRepId(), k -> new ArrayList<>()).add(ms);
      target.computeIfAbsent("team", k -> new ArrayList<>()).add(ms);
    }
    List<DealVelocity> result = new ArrayList<>();
    java.util.SortedSet<String> scopes = new java.util.TreeSet<>(current.keySet());
    scopes.addAll(previous.keySet());
    for (String scope : scopes) {
      List<Long> now = current.getOrDefault(scope, List.of());
      List<Long> before = previous.getOrDefault(scope, List.of());
      Duration median = now.isEmpty() ? null : ms(Distribution.of(now).percentile(0.5));
      Duration previousMedian = before.isEmpty() ? null : ms(Distribution.of(before).percentile(0.5));
      boolean flagged = median != null && previousMedian != null
          && median.toMillis() > options.velocitySlowdown() * previousMedian.toMillis();
      result.add(new DealVelocity(scope, now.size(), median, before.size(), previousMedian, flagged));
    }
    return result;
  }
}
