package io.leadflow.scoring;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** Config → topology → run. */
public final class ScoringApp {

  private ScoringApp() {}

  public static StreamsService service(LayeredConfig config) {
    return service(config, new CompositeMeterRegistry());
  }

  public static StreamsService service(LayeredConfig config, MeterRegistry meters) {
    ScoringConfig scoring = ScoringConfig.from(config);
    return new StreamsService(scoring.applicationId(), ScoringTopology.build(scoring),
        StreamsSettings.base(scoring.applicationId(), Topics.SCORING_DLQ.name(), config), meters);
  }
}
