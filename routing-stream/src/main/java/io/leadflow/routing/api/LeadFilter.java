package io.leadflow.routing.api;

import io.leadflow.avro.PoolLead;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The pool browser's filters, sort and search over {@code pool-leads} values (no Kafka): {@code industry},
 * {@code segment} (size class; {@code size} is a synonym), {@code source} (each a comma list, case-insensitive),
 * {@code minScore}/{@code maxScore}, {@code state} (comma list), {@code q} (substring of lead id, company, industry
 * or source), {@code sort} (queue (default, oldest first), score, -score, age, company; a leading - reverses) and
 * {@code limit} (default 200).
 */
record LeadFilter(List<String> industries, List<String> segments, List<String> sources, List<String> states,
    Double minScore, Double maxScore, String search, String sort, int limit) implements Predicate<PoolLead> {

  static LeadFilter from(Map<String, String> query) {
    return new LeadFilter(list(query.get("industry")), list(query.getOrDefault("segment", query.get("size"))),
        list(query.get("source")), list(query.get("state")), number(query, "minScore"), number(query, "maxScore"),
        blankToNull(query.get("q")), query.getOrDefault("sort", "queue"),
        (int) Math.max(1, Math.min(10_000, number(query, "limit") == null ? 200 : number(query, "limit"))));
  }

  @Override
  public boolean test(PoolLead lead) {
    return matches(industries, lead.getIndustry()) && matches(segments, lead.getSegment().name())
        && matches(sources, lead.getSource()) && matches(states, lead.getState().name())
        && (minScore == null || lead.getScore() >= minScore) && (maxScore == null || lead.getScore() <= maxScore)
        && (search == null || contains(lead.getLeadId()) || contains(lead.getCompanyName())
            || contains(lead.getIndustry()) || contains(lead.getSource()));
  }

  Comparator<PoolLead> order() {
    boolean reversed = sort.startsWith("-");
    String key = reversed ? sort.substring(1) : sort;
    Comparator<PoolLead> byQueue = Comparator.comparing((PoolLead l) -> l.getEnteredAt())
        .thenComparing(PoolLead::getLeadId);
    Comparator<PoolLead> order = switch (key) {
      case "score" -> Comparator.comparingDouble(PoolLead::getScore).thenComparing(byQueue);
      case "age" -> byQueue.reversed(); // age ascending: newest first
      case "company" -> Comparator.comparing((PoolLead l) -> l.getCompanyName() == null ? ""
          : l.getCompanyName().toLowerCase(Locale.ROOT)).thenComparing(byQueue);
      case "queue" -> byQueue;
      default -> throw new PoolApi.BadRequest("sort must be one of queue, score, age, company (a leading - reverses)");
    };
    return reversed ? order.reversed() : order;
  }

  private boolean contains(String field) {
    return field != null && field.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT));
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed.isEmpty() || (value != null && allowed.stream().anyMatch(a -> a.equalsIgnoreCase(value)));
  }

  private static List<String> list(String raw) {
    return raw == null || raw.isBlank() ? List.of() : List.of(raw.strip().split("\\s*,\\s*"));
  }

  private static String blankToNull(String raw) {
    return raw == null || raw.isBlank() ? null : raw.strip();
  }

  private static Double number(Map<String, String> query, String key) {
    String raw = query.get(key);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new PoolApi.BadRequest("query parameter '" + key + "' must be a number, got '" + raw + "'");
    }
  }
}
