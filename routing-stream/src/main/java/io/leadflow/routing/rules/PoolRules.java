package io.leadflow.routing.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The pull pool's decisions (seed 001), with no Kafka: which leads are pushed and which enter the pool
 * ("Heiße Leads gepusht, warme Leads gepullt", "Strategische Accounts gepusht"), what access a rep has
 * ("Performance-basierter Zugang"), and whether a claim is allowed (lock, queue order, hoarding limit, skip
 * limit, diversity rule; "Gaming und Missbrauch verhindern"). The stream keeps the state and calls these.
 */
public final class PoolRules {

  private PoolRules() {}

  /** Queue: "take next" gives the oldest eligible lead and nobody skips ahead. Pool: claim any lead. */
  public enum Mode { POOL, QUEUE }

  /** Full pool with details; a filtered view; no pulling at all (automatic assignments instead). */
  public enum Access { FULL, FILTERED, AUTO }

  /** An optional rule either refuses the claim or lets it through and records the breach on the claim event. */
  public enum Enforcement { ENFORCE, REPORT }

  /** What the rules need to know about a lead. {@code strategicAccount}: the lead's company is a customer or named account. */
  public record LeadFacts(String leadId, double score, String stage, String segment, String industry,
      boolean strategicAccount) {}

  /** What the access rules need to know about a rep. */
  public record RepProfile(String repId, Integer tier, Double conversionRate, LocalDate startDate) {}

  /** A rep matches when every criterion given matches; none given matches everyone. */
  public record AccessRule(Set<Integer> tiers, Double minConversionRate) {

    boolean matches(RepProfile rep) {
      if (tiers != null && !tiers.isEmpty() && (rep.tier() == null || !tiers.contains(rep.tier()))) {
        return false;
      }
      return minConversionRate == null || rep.conversionRate() != null && rep.conversionRate() >= minConversionRate;
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      if (tiers != null && !tiers.isEmpty()) {
        parts.add("tier in " + tiers);
      }
      if (minConversionRate != null) {
        parts.add("conversion rate >= " + minConversionRate);
      }
      return parts.isEmpty() ? "everyone" : String.join(" and ", parts);
    }
  }

  /** The mid-tier view: leads at most {@code maxScore}, of these segments and industries (empty = any). */
  public record Filter(Double maxScore, Set<String> segments, Set<String> industries) {

    /** Null if the lead is in the view, else why not. */
    public String excludes(LeadFacts lead) {
      if (maxScore != null && lead.score() > maxScore) {
        return "score " + format(lead.score()) + " is above " + format(maxScore);
      }
      if (segments != null && !segments.isEmpty() && !containsIgnoreCase(segments, lead.segment())) {
        return "segment " + lead.segment() + " is not in " + segments;
      }
      if (industries != null && !industries.isEmpty() && !containsIgnoreCase(industries, lead.industry())) {
        return "industry " + lead.industry() + " is not in " + industries;
      }
      return null;
    }
  }

  /**
   * Seed 001 "Performance-basierter Zugang": reps who started less than {@code newRepDays} ago get automatic
   * assignments; then the first of {@code full}, {@code filtered} that the rep matches; else automatic
   * (struggling reps). A null {@code full} rule gives everyone full access.
   */
  public record AccessPolicy(AccessRule full, AccessRule filtered, Filter filter, Integer newRepDays) {

    public static AccessPolicy everyoneFull() {
      return new AccessPolicy(null, null, null, null);
    }

    public AccessDecision accessOf(RepProfile rep, LocalDate today) {
      if (newRepDays != null && rep.startDate() != null
          && ChronoUnit.DAYS.between(rep.startDate(), today) < newRepDays) {
        return new AccessDecision(Access.AUTO, "new rep: started " + rep.startDate() + ", less than " + newRepDays
            + " days ago");
      }
      if (full == null || full.matches(rep)) {
        return new AccessDecision(Access.FULL, full == null ? "full access for everyone" : "full: " + full.describe());
      }
      if (filtered != null && filtered.matches(rep)) {
        return new AccessDecision(Access.FILTERED, "filtered: " + filtered.describe());
      }
      return new AccessDecision(Access.AUTO, "below the access rules (full: " + full.describe()
          + (filtered == null ? "" : "; filtered: " + filtered.describe()) + ")");
    }

    /** Whether the rep may see (and claim) the lead; null if yes, else why not. */
    public String hides(AccessDecision access, LeadFacts lead) {
      return switch (access.level()) {
        case FULL -> null;
        case AUTO -> "automatic assignment only";
        case FILTERED -> filter == null ? null : filter.excludes(lead);
      };
    }
  }

  public record AccessDecision(Access level, String reason) {}

  /**
   * Seed 001 "Diversitätsanforderungen": at least {@code minShare} of a rep's claims in a day must be below
   * {@code belowScore}; the first {@code graceClaims} claims of the day are free, or no rep could start with a good one.
   */
  public record Diversity(double belowScore, double minShare, int graceClaims, Enforcement mode) {}

  /** A pool's pull settings, as the rules need them. Null limits are off. */
  public record Policy(Mode mode, double pushThreshold, Set<String> pushStages, int hoardingLimit, Integer skipLimit,
      Enforcement skipMode, Diversity diversity, AccessPolicy access) {}

  /** The push/pull decision for a new lead, with the reason for the decision record and the pool event. */
  public record Entry(boolean push, String reason) {}

  /**
   * Seed 001 hybrid: strategic accounts and leads at or above the push threshold (or in a push stage, e.g. HOT) are
   * pushed; the rest enter the pool.
   */
  public static Entry entry(Policy policy, LeadFacts lead) {
    if (lead.strategicAccount()) {
      return new Entry(true, "strategic account: always pushed");
    }
    if (lead.score() >= policy.pushThreshold()) {
      return new Entry(true, "score " + format(lead.score()) + " at or above the push threshold "
          + format(policy.pushThreshold()));
    }
    if (lead.stage() != null && policy.pushStages() != null && policy.pushStages().contains(lead.stage())) {
      return new Entry(true, "stage " + lead.stage() + " is always pushed");
    }
    return new Entry(false, "score " + format(lead.score()) + " below the push threshold "
        + format(policy.pushThreshold()));
  }

  /** One rep's claims in the pool so far: held = claimed and not yet contacted; the day counters are today's. */
  public record RepClaims(int held, int claimsToday, int lowScoreClaimsToday, int skipsInRow) {}

  /**
   * The verdict on a claim. {@code skip}: it passed over an older eligible lead; {@code lowScore}: it counts as
   * below the diversity score; {@code warnings}: rules in report mode that it breaks.
   */
  public record Verdict(boolean allowed, String reason, boolean skip, boolean lowScore, List<String> warnings) {

    static Verdict reject(String reason) {
      return new Verdict(false, reason, false, false, List.of());
    }
  }

  /**
   * Decides a claim of {@code lead} by {@code repId}. {@code holder}: who has it locked now (null if open);
   * {@code oldestEligible}: the oldest open lead this rep may see (the lead itself if it is the oldest).
   * {@code takeNext}: the rep asked for the next lead rather than a particular one.
   */
  public static Verdict checkClaim(Policy policy, String repId, AccessDecision access, LeadFacts lead, String holder,
      String oldestEligible, boolean takeNext, RepClaims claims) {
    if (holder != null) {
      return Verdict.reject(holder.equals(repId) ? "you already hold lead " + lead.leadId()
          : "lead " + lead.leadId() + " is already claimed by another rep");
    }
    if (access.level() == Access.AUTO) {
      return Verdict.reject("no pull access in this pool (" + access.reason() + "); leads are assigned to you");
    }
    String hidden = policy.access().hides(access, lead);
    if (hidden != null) {
      return Verdict.reject("lead " + lead.leadId() + " is outside your filtered view: " + hidden);
    }
    boolean skip = !lead.leadId().equals(oldestEligible);
    if (policy.mode() == Mode.QUEUE && skip && !takeNext) {
      return Verdict.reject("queue mode: nobody skips ahead; take the next lead (" + oldestEligible + ")");
    }
    if (claims.held() >= policy.hoardingLimit()) {
      return Verdict.reject("hoarding limit: you hold " + claims.held() + " claimed leads not yet contacted (limit "
          + policy.hoardingLimit() + "); contact or release one first");
    }
    List<String> warnings = new ArrayList<>();
    if (skip && policy.skipLimit() != null && claims.skipsInRow() >= policy.skipLimit()) {
      String reason = "skip limit: " + claims.skipsInRow() + " claims in a row passed over older leads (limit "
          + policy.skipLimit() + "); take the next lead (" + oldestEligible + ")";
      if (policy.skipMode() == Enforcement.ENFORCE) {
        return Verdict.reject(reason);
      }
      warnings.add(reason);
    }
    Diversity diversity = policy.diversity();
    boolean low = diversity != null && lead.score() < diversity.belowScore();
    if (diversity != null && !low) {
      int claimsAfter = claims.claimsToday() + 1;
      int lowAfter = claims.lowScoreClaimsToday();
      if (claimsAfter > diversity.graceClaims() && (double) lowAfter / claimsAfter < diversity.minShare()) {
        String reason = String.format(Locale.ROOT,
            "diversity: at least %.0f%% of your claims today must score below %s; with this one %d of %d would",
            diversity.minShare() * 100, format(diversity.belowScore()), lowAfter, claimsAfter);
        if (diversity.mode() == Enforcement.ENFORCE) {
          return Verdict.reject(reason);
        }
        warnings.add(reason);
      }
    }
    return new Verdict(true, null, skip, low, List.copyOf(warnings));
  }

  private static boolean containsIgnoreCase(Set<String> values, String value) {
    return value != null && values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
  }

  static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }
}
