package io.leadflow.ops.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/** The report as aligned terminal tables. */
public final class TextReport {

  private TextReport() {}

  public static String render(KpiReport r) {
    StringBuilder out = new StringBuilder();
    out.append("leadflow report ").append(r.from()).append(" .. ").append(r.to()).append('\n');
    out.append(String.format("assignments %d, leads %d, fallback rate %.1f%% (%d)%n%n", r.assignments(), r.leads(),
        100 * r.fallbackRate(), r.fallbacks()));

    out.append("Leads per rep\n");
    List<String[]> perRep = new ArrayList<>();
    perRep.add(new String[] {"rep", "leads"});
    r.leadsPerRep().forEach((rep, n) -> perRep.add(new String[] {rep, Long.toString(n)}));
    table(out, perRep);
    KpiReport.Spread s = r.spread();
    out.append(String.format("reps %d, mean %.2f, std dev %.2f, Gini %.3f, min %d, max %d%n%n", s.reps(), s.mean(),
        s.standardDeviation(), s.gini(), s.min(), s.max()));

    out.append("Leads per rep per ISO week (UTC)\n");
    byPeriod(out, r.leadsPerRepPerWeek(), r);
    out.append("Leads per rep per day (UTC)\n");
    byPeriod(out, r.leadsPerRepPerDay(), r);

    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"", "count", "p50", "p90", "p99", "max"});
    rows.add(percentiles("assignment latency", r.assignmentLatency()));
    rows.add(percentiles("response time", r.responseTime()));
    table(out, rows);
    out.append(String.format("leads without a response: %d; HIGH priority over %s: %d of %d (%.1f%%)%n%n",
        r.leadsWithoutResponse(), duration(r.highPriority().limit()), r.highPriority().overLimit(),
        r.highPriority().leads(), 100 * r.highPriority().shareOverLimit()));

    out.append("Conversion lead -> opportunity by method\n");
    conversion(out, r.conversionByMethod());
    out.append("Conversion lead -> opportunity by weight tier\n");
    conversion(out, r.conversionByTier());

    out.append("Gaming signals\n");
    List<String[]> dq = new ArrayList<>();
    dq.add(new String[] {"rep", "week", "leads", "DQ", "share", "earlier leads", "earlier share", "flag"});
    r.disqualificationSpikes().forEach(d -> dq.add(new String[] {d.repId(), d.week(), "" + d.weekLeads(),
        "" + d.weekDisqualified(), pct(d.weekShare()), "" + d.earlierLeads(), pct(d.earlierShare()),
        d.flagged() ? "SPIKE" : ""}));
    table(out, dq);
    List<String[]> contacts = new ArrayList<>();
    contacts.add(new String[] {"rep", "leads", "contacts", "top leads", "top contacts", "share", "flag"});
    r.contactConcentration().forEach(c -> contacts.add(new String[] {c.repId(), "" + c.leads(), "" + c.contacts(),
        "" + c.topLeads(), "" + c.topContacts(), pct(c.share()), c.flagged() ? "CONCENTRATED" : ""}));
    table(out, contacts);
    List<String[]> velocity = new ArrayList<>();
    velocity.add(new String[] {"scope", "deals", "median", "previous deals", "previous median", "flag"});
    r.dealVelocity().forEach(v -> velocity.add(new String[] {v.scope(), "" + v.deals(), duration(v.median()),
        "" + v.previousDeals(), duration(v.previousMedian()), v.flagged() ? "SLOWING" : ""}));
    table(out, velocity);
    List<String> flags = r.flags();
    out.append(flags.isEmpty() ? "no gaming signal flagged\n" : "FLAGGED:\n");
    flags.forEach(f -> out.append("  ").append(f).append('\n'));
    return out.toString();
  }

  private static <K> void byPeriod(StringBuilder out, SortedMap<K, ? extends Map<String, Long>> map, KpiReport r) {
    TreeSet<String> reps = new TreeSet<>(r.leadsPerRep().keySet());
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("period"));
    header.addAll(reps);
    rows.add(header.toArray(String[]::new));
    map.forEach((period, counts) -> {
      List<String> row = new ArrayList<>(List.of(period.toString()));
      reps.forEach(rep -> row.add(Long.toString(counts.getOrDefault(rep, 0L))));
      rows.add(row.toArray(String[]::new));
    });
    table(out, rows);
    out.append('\n');
  }

  private static void conversion(StringBuilder out, Map<String, KpiReport.Conversion> map) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"", "leads", "converted", "rate"});
    map.forEach((k, c) -> rows.add(new String[] {k, "" + c.leads(), "" + c.converted(), pct(c.rate())}));
    table(out, rows);
    out.append('\n');
  }

  private static String[] percentiles(String name, KpiReport.Percentiles p) {
    return new String[] {name, "" + p.count(), duration(p.p50()), duration(p.p90()), duration(p.p99()),
        duration(p.max())};
  }

  static String pct(double share) {
    return String.format("%.1f%%", 100 * share);
  }

  /** 850ms, 12.5s, 3m20s, 2h05m, 3d04h; "-" for none. */
  public static String duration(Duration d) {
    if (d == null) {
      return "-";
    }
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format("%dd%02dh", s / 86_400, s % 86_400 / 3600);
  }

  static void table(StringBuilder out, List<String[]> rows) {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] widths = new int[columns];
    rows.forEach(r -> {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    });
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = row[i];
        line.append(i == 0 ? String.format("%-" + widths[i] + "s", cell) : String.format("  %" + widths[i] + "s", cell));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
