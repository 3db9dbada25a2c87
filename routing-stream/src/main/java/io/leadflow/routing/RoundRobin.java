package io.leadflow.routing;

import io.leadflow.avro.Rep;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Plain round robin over the eligible reps of a pool, in a stable order (walking skeleton). No Kafka here. */
public final class RoundRobin {

  private RoundRobin() {}

  /** Reps that can take a lead from {@code pool} now, ordered by rep id so every instance agrees. */
  public static List<Rep> eligible(List<Rep> reps, String pool) {
    return reps.stream()
        .filter(rep -> rep.getActive() && rep.getAvailable() && rep.getPools().contains(pool))
        .sorted(Comparator.comparing(Rep::getRepId))
        .toList();
  }

  /** The rep for the lead that follows {@code assignedSoFar} earlier ones. */
  public static Optional<Rep> pick(List<Rep> eligible, long assignedSoFar) {
    if (eligible.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(eligible.get((int) (assignedSoFar % eligible.size())));
  }
}
