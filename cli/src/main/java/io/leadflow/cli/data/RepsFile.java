package io.leadflow.cli.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Absence;
import io.leadflow.avro.AbsenceKind;
import io.leadflow.avro.Rep;
import io.leadflow.platform.config.YamlLines;
import io.leadflow.routing.rules.WorkingHours;
import java.time.Instant;
import java.time.ZoneId;
import io.leadflow.avro.Segment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Reads a reps YAML file (see examples/reps.yaml) into {@link Rep} records for the compacted reps topic. */
public final class RepsFile {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private RepsFile() {}

  /** The file's shape; field names are the YAML keys. */
  record Document(String configVersion, List<Entry> reps) {}

  record Entry(String repId, String name, String email, Boolean active, List<String> pools, List<String> territories,
      List<String> verticals, List<Segment> segments, Integer tier, Double weight, Double conversionRate,
      Integer activeOpportunities, Double fte, Integer tenureMonths, LocalDate startDate, Integer maxActiveLeads,
      Boolean available, String timeZone, String workingHours, String managerRepId, String backupRepId,
      List<Channel> channels, String locale, List<AbsenceEntry> absences, Instant lastLoginAt, Integer maxLeadsPerDay,
      Integer maxLeadsPerWeek) {}

  record Channel(ChannelType type, String address) {}

  /** A vacation, all-day meeting or other absence; {@code until} is exclusive. */
  record AbsenceEntry(Instant from, Instant until, AbsenceKind kind) {}

  public static List<Rep> read(Path file) {
    Document document;
    byte[] yaml;
    try {
      yaml = java.nio.file.Files.readAllBytes(file);
      document = YAML.readValue(yaml, Document.class);
    } catch (JsonMappingException e) {
      String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
      throw new DataFileException(file + line + ": field '" + YamlLines.fieldPath(e) + "': " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DataFileException(file + ": cannot read reps file: " + e.getMessage(), e);
    }
    if (document == null || document.reps() == null) {
      throw new DataFileException(file + ": no 'reps' list");
    }
    String version = document.configVersion() == null ? "unversioned" : document.configVersion();
    List<Rep> reps = new java.util.ArrayList<>();
    java.util.Map<String, Integer> firstLine = new java.util.HashMap<>();
    for (int i = 0; i < document.reps().size(); i++) {
      Entry entry = document.reps().get(i);
      // Semantic checks run after Jackson, which no longer knows lines: look the key up again (docs/BAD-INPUT.md).
      String at = "/reps/" + i + "/";
      java.util.function.Function<String, String> where = key -> YamlLines.at(file.toString(), yaml, at + key);
      Rep rep = toRep(where, entry, version);
      Integer first = firstLine.putIfAbsent(rep.getRepId(), YamlLines.lineOf(yaml, at + "repId"));
      if (first != null) {
        // Two entries for one id: the topic is compacted, so the later one would silently win.
        throw new DataFileException(where.apply("repId") + ": field 'repId': " + rep.getRepId()
            + " appears again (first on line " + first + ")");
      }
      reps.add(rep);
    }
    return reps;
  }

  private static Rep toRep(java.util.function.Function<String, String> where, Entry e, String version) {
    if (e.repId() == null || e.repId().isBlank() || e.name() == null) {
      String missing = e.repId() == null || e.repId().isBlank() ? "repId" : "name";
      throw new DataFileException(where.apply(missing) + ": field '" + missing + "': every rep needs 'repId' and 'name' (found "
          + e.repId() + ")");
    }
    if (e.weight() != null && !(e.weight() >= 0 && Double.isFinite(e.weight()))) {
      throw new DataFileException(where.apply("weight") + ": rep " + e.repId() + ": field 'weight' must be 0 or more, got " + e.weight());
    }
    if (e.fte() != null && !(e.fte() >= 0 && Double.isFinite(e.fte()))) {
      throw new DataFileException(where.apply("fte") + ": rep " + e.repId() + ": field 'fte' must be 0 or more, got " + e.fte());
    }
    if (e.conversionRate() != null && !(e.conversionRate() >= 0 && e.conversionRate() <= 1)) {
      throw new DataFileException(where.apply("conversionRate") + ": rep " + e.repId()
          + ": field 'conversionRate' must be within 0..1, got " + e.conversionRate());
    }
    try {
      WorkingHours.parse(e.workingHours());
      if (e.timeZone() != null) {
        ZoneId.of(e.timeZone());
      }
    } catch (RuntimeException bad) {
      String field = bad instanceof java.time.DateTimeException ? "timeZone" : "workingHours";
      throw new DataFileException(where.apply(field) + ": rep " + e.repId() + ": field '" + field + "': " + bad.getMessage(), bad);
    }
    List<Absence> absences = new java.util.ArrayList<>();
    for (AbsenceEntry a : orEmpty(e.absences())) {
      if (a.from() == null || a.until() == null || !a.until().isAfter(a.from())) {
        throw new DataFileException(where.apply("absences") + ": rep " + e.repId()
            + ": field 'absences': every absence needs 'from' before 'until'");
      }
      absences.add(new Absence(a.from(), a.until(), a.kind() == null ? AbsenceKind.OTHER : a.kind()));
    }
    return Rep.newBuilder()
        .setRepId(e.repId())
        .setName(e.name())
        .setEmail(e.email())
        .setActive(e.active() == null || e.active())
        .setPools(orEmpty(e.pools()))
        .setTerritories(orEmpty(e.territories()))
        .setVerticals(orEmpty(e.verticals()))
        .setSegments(orEmpty(e.segments()))
        .setTier(e.tier())
        .setWeight(e.weight() == null ? 1.0 : e.weight())
        .setConversionRate(e.conversionRate())
        .setActiveOpportunities(e.activeOpportunities())
        .setFte(e.fte() == null ? 1.0 : e.fte())
        .setTenureMonths(e.tenureMonths())
        .setStartDate(e.startDate())
        .setMaxActiveLeads(e.maxActiveLeads())
        .setAvailable(e.available() == null || e.available())
        .setTimeZone(e.timeZone() == null ? "UTC" : e.timeZone())
        .setWorkingHours(e.workingHours())
        .setManagerRepId(e.managerRepId())
        .setBackupRepId(e.backupRepId())
        .setChannels(e.channels() == null
            ? List.of(NotificationChannel.newBuilder().setType(ChannelType.CONSOLE).setAddress(e.repId()).build())
            : e.channels().stream().map(c -> NotificationChannel.newBuilder().setType(c.type()).setAddress(c.address()).build()).toList())
        .setLocale(e.locale() == null ? "en" : e.locale())
        .setConfigVersion(version)
        .setAbsences(absences)
        .setLastLoginAt(e.lastLoginAt())
        .setMaxLeadsPerDay(e.maxLeadsPerDay())
        .setMaxLeadsPerWeek(e.maxLeadsPerWeek())
        .build();
  }


  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
