package io.leadflow.cli.corpus;

import java.util.function.Consumer;

/**
 * One kind of bad record for the running pipeline and what must become of it.
 *
 * @param name what is wrong, for the report
 * @param topic where the record is written
 * @param send writes the bad record(s); the context gives the case's unique key and a publisher
 * @param outcome where it must end up
 * @param reason text the reason (DLQ header or CLAIM_REJECTED reason) must contain
 */
record LiveCase(String name, String topic, Consumer<LiveCorpus.Context> send, Outcome outcome, String reason) {

  enum Outcome {
    ENRICHMENT_DLQ("enrichment-stream-dlq"),
    SCORING_DLQ("scoring-stream-dlq"),
    ROUTING_DLQ("routing-stream-dlq"),
    CLAIM_REJECTED("CLAIM_REJECTED on lead-pool-events"),
    /** Deliberately not an error (docs/BAD-INPUT.md); the case's own check proves what happens instead. */
    NON_ERROR("documented non-error");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }
}
