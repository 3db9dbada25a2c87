package io.leadflow.routing.rules;

import java.util.List;
import java.util.Map;

/**
 * How a lead reached its rep (the ops dashboard's "claim source", seed 001) and which funnel steps an outcome means.
 * Plain Java, no Kafka: the live aggregate and its tests share it.
 */
public final class ClaimSources {

  public static final String CLAIM = "claim";
  public static final String TAKE_NEXT = "take-next";
  public static final String ESCALATION = "escalation";
  public static final String SLA_REROUTE = "sla-reroute";
  public static final String PUSH = "push";
  /** The order the dashboard lists them in. */
  public static final List<String> ALL = List.of(CLAIM, TAKE_NEXT, ESCALATION, PUSH, SLA_REROUTE);

  /** Funnel steps in order; an outcome reaches its step and every step before it (a WON lead was an opportunity). */
  public static final String CONTACTED = "CONTACTED";
  public static final String QUALIFIED = "QUALIFIED";
  public static final String OPPORTUNITY = "OPPORTUNITY";
  public static final String WON = "WON";
  public static final String LOST = "LOST";

  private static final Map<String, List<String>> REACHED = Map.of(
      "CONTACTED", List.of(CONTACTED),
      "RECYCLED", List.of(CONTACTED),
      "ACCEPTED", List.of(CONTACTED, QUALIFIED),
      "QUALIFIED", List.of(CONTACTED, QUALIFIED),
      "OPPORTUNITY", List.of(CONTACTED, QUALIFIED, OPPORTUNITY),
      "WON", List.of(CONTACTED, QUALIFIED, OPPORTUNITY, WON),
      "LOST", List.of(CONTACTED, LOST),
      "DISQUALIFIED", List.of(CONTACTED, LOST));

  private ClaimSources() {}

  /**
   * @param method the assignment method's name
   * @param ruleMatched the decision's rule: the pool writes {@code pool-take-next} for take-next and
   *     {@code pool-claim} for a claim of a chosen lead
   */
  public static String of(String method, String ruleMatched) {
    return switch (method) {
      case "CLAIM" -> "pool-take-next".equals(ruleMatched) ? TAKE_NEXT : CLAIM;
      case "ESCALATION" -> ESCALATION;
      case "SLA_REROUTE" -> SLA_REROUTE;
      default -> PUSH;
    };
  }

  /** The funnel steps an outcome type reaches (empty for UNKNOWN or a type this version does not know). */
  public static List<String> reached(String outcomeType) {
    return REACHED.getOrDefault(outcomeType, List.of());
  }
}
