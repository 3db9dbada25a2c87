package io.leadflow.enrichment;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Seed 003's first question, "Vollständigkeit": is the record complete enough to judge the lead? The share of
 * the configured fields (required and optional alike) that have a value, and the names of those that do not.
 */
public final class Completeness {

  /** Every field a completeness rule may name, read from the enriched lead. */
  static final Map<String, Function<EnrichedLead, Object>> FIELDS = fields();

  private final List<String> configured;

  public Completeness(List<String> required, List<String> optional) {
    List<String> all = new ArrayList<>(required);
    optional.stream().filter(f -> !all.contains(f)).forEach(all::add);
    for (String field : all) {
      if (!FIELDS.containsKey(field)) {
        throw new IllegalArgumentException("unknown completeness field '" + field + "'; known: " + FIELDS.keySet());
      }
    }
    this.configured = List.copyOf(all);
  }

  public record Result(double percent, List<String> missingFields) {}

  public Result of(EnrichedLead lead) {
    List<String> missing = configured.stream().filter(field -> isBlank(FIELDS.get(field).apply(lead))).toList();
    double percent = configured.isEmpty() ? 100.0
        : Math.round(1000.0 * (configured.size() - missing.size()) / configured.size()) / 10.0;
    return new Result(percent, missing);
  }

  private static boolean isBlank(Object value) {
    return value == null || (value instanceof CharSequence text && text.toString().isBlank());
  }

  private static Map<String, Function<EnrichedLead, Object>> fields() {
    Map<String, Function<EnrichedLead, Object>> fields = new LinkedHashMap<>();
    profile(fields, "email", LeadProfile::getEmail);
    profile(fields, "firstName", LeadProfile::getFirstName);
    profile(fields, "lastName", LeadProfile::getLastName);
    profile(fields, "jobTitle", LeadProfile::getJobTitle);
    profile(fields, "phone", LeadProfile::getPhone);
    profile(fields, "website", LeadProfile::getWebsite);
    profile(fields, "leadSource", LeadProfile::getLeadSource);
    fields.put("company", lead -> lead.getCompanyName() != null ? lead.getCompanyName() : lead.getProfile().getCompany());
    fields.put("country", lead -> firmographic(lead, Firmographics::getCountry) != null
        ? firmographic(lead, Firmographics::getCountry) : lead.getProfile().getCountry());
    fields.put("state", lead -> firmographic(lead, Firmographics::getState) != null
        ? firmographic(lead, Firmographics::getState) : lead.getProfile().getState());
    fields.put("industry", lead -> firmographic(lead, Firmographics::getIndustry));
    fields.put("employeeCount", lead -> firmographic(lead, Firmographics::getEmployeeCount));
    fields.put("annualRevenue", lead -> firmographic(lead, Firmographics::getAnnualRevenue));
    fields.put("region", lead -> firmographic(lead, Firmographics::getRegion));
    return Collections.unmodifiableMap(fields);
  }

  private static void profile(Map<String, Function<EnrichedLead, Object>> fields, String name, Function<LeadProfile, Object> getter) {
    fields.put(name, lead -> getter.apply(lead.getProfile()));
  }

  private static Object firmographic(EnrichedLead lead, Function<Firmographics, Object> getter) {
    return lead.getFirmographics() == null ? null : getter.apply(lead.getFirmographics());
  }
}
