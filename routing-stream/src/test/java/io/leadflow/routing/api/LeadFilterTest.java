package io.leadflow.routing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.PoolLead;
import io.leadflow.avro.PoolLeadState;
import io.leadflow.avro.RoutingRequest;
import io.leadflow.avro.Segment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadFilterTest {

  private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

  private static PoolLead lead(String id, String company, String industry, Segment segment, String source, double score,
      int minutesAfter, PoolLeadState state) {
    return PoolLead.newBuilder().setPoolId("smb").setLeadId(id).setState(state)
        .setEnteredAt(T0.plusSeconds(60L * minutesAfter)).setCompanyName(company).setIndustry(industry)
        .setSegment(segment).setSource(source).setScore(score)
        .setRequest(new RoutingRequest()).build();
  }

  private final List<PoolLead> leads = List.of(
      lead("l1", "Acme", "Software", Segment.SMB, "webinar", 55, 0, PoolLeadState.OPEN),
      lead("l2", "Beta", "Retail", Segment.MID_MARKET, "ads", 70, 1, PoolLeadState.OPEN),
      lead("l3", "Gamma", "software", Segment.ENTERPRISE, "webinar", 40, 2, PoolLeadState.LOCKED));

  private List<String> ids(Map<String, String> query) {
    LeadFilter filter = LeadFilter.from(query);
    return leads.stream().filter(filter).sorted(filter.order()).map(PoolLead::getLeadId).toList();
  }

  @Test
  void filtersCombineAndIgnoreCase() {
    assertThat(ids(Map.of("industry", "SOFTWARE"))).containsExactly("l1", "l3");
    assertThat(ids(Map.of("industry", "software", "state", "OPEN"))).containsExactly("l1");
    assertThat(ids(Map.of("size", "SMB,MID_MARKET"))).containsExactly("l1", "l2");
    assertThat(ids(Map.of("source", "webinar", "minScore", "50"))).containsExactly("l1");
    assertThat(ids(Map.of("maxScore", "60"))).containsExactly("l1", "l3");
    assertThat(ids(Map.of("q", "bet"))).containsExactly("l2");
  }

  @Test
  void sortsByQueueScoreAgeAndCompany() {
    assertThat(ids(Map.of())).containsExactly("l1", "l2", "l3");
    assertThat(ids(Map.of("sort", "-score"))).containsExactly("l2", "l1", "l3");
    assertThat(ids(Map.of("sort", "score"))).containsExactly("l3", "l1", "l2");
    assertThat(ids(Map.of("sort", "age"))).containsExactly("l3", "l2", "l1");
    assertThat(ids(Map.of("sort", "-company"))).containsExactly("l3", "l2", "l1");
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> LeadFilter.from(Map.of("minScore", "high"))).hasMessageContaining("minScore");
    assertThatThrownBy(() -> LeadFilter.from(Map.of("sort", "size")).order()).hasMessageContaining("sort must be");
  }
}
