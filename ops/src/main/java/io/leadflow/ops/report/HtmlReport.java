package io.leadflow.ops.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** One self-contained XHTML file: the text tables plus inline SVG bar charts. No scripts, no external files. */
public final class HtmlReport {

  private HtmlReport() {}

  public static String render(KpiReport r) {
    StringBuilder out = new StringBuilder();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
        .append("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"UTF-8\"/>")
        .append("<title>leadflow report</title><style>body{font-family:sans-serif;margin:2em}")
        .append("pre{background:#f6f6f6;padding:1em}.bar{fill:#3b7dd8}text{font-size:12px}</style></head><body>\n")
        .append("<h1>leadflow report</h1>\n<p>").append(esc(r.from() + " .. " + r.to())).append("</p>\n");
    out.append("<h2>Leads per rep</h2>\n");
    Map<String, Double> perRep = new LinkedHashMap<>();
    r.leadsPerRep().forEach((rep, n) -> perRep.put(rep, n.doubleValue()));
    bars(out, perRep, "leads");
    out.append("<h2>Assignment latency</h2>\n");
    Map<String, Double> latency = new LinkedHashMap<>();
    latency.put("p50", (double) r.assignmentLatency().p50().toMillis());
    latency.put("p90", (double) r.assignmentLatency().p90().toMillis());
    latency.put("p99", (double) r.assignmentLatency().p99().toMillis());
    latency.put("max", (double) r.assignmentLatency().max().toMillis());
    bars(out, latency, "ms");
    out.append("<h2>All figures</h2>\n<pre>").append(esc(TextReport.render(r))).append("</pre>\n</body></html>\n");
    return out.toString();
  }

  private static void bars(StringBuilder out, Map<String, Double> values, String unit) {
    double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    int rowHeight = 22;
    int width = 600;
    int labelWidth = 120;
    out.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">%n",
        width + labelWidth + 80, rowHeight * values.size() + 4));
    int y = 2;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      int len = max == 0 ? 0 : (int) Math.round(e.getValue() / max * width);
      out.append(String.format("<text x=\"0\" y=\"%d\">%s</text>", y + 15, esc(e.getKey())))
          .append(String.format("<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", labelWidth, y,
              len, rowHeight - 4))
          .append(String.format("<text x=\"%d\" y=\"%d\">%s %s</text>%n", labelWidth + len + 4, y + 15,
              String.format("%.0f", e.getValue()), unit));
      y += rowHeight;
    }
    out.append("</svg>\n");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
