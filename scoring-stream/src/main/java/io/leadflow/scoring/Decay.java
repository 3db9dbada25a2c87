package io.leadflow.scoring;

import io.leadflow.avro.DecayingValue;
import java.time.Duration;
import java.time.Instant;

/**
 * Lazy exponential decay (DESIGN.md choice 3): a signal is stored as (value, reference time) and evaluated on
 * read as {@code value · 2^(-(t − ref)/halfLife)}; nothing is rewritten while time passes.
 */
public final class Decay {

  private Decay() {}

  public static double valueAt(DecayingValue signal, Duration halfLife, Instant at) {
    double elapsed = Duration.between(signal.getReferenceTime(), at).toMillis();
    return signal.getValue() * Math.pow(2, -elapsed / halfLife.toMillis());
  }

  /** Adds points at {@code at}. An event older than the reference time is decayed forward to it, so order does not matter. */
  public static DecayingValue add(DecayingValue signal, Duration halfLife, double points, Instant at) {
    if (signal == null) {
      return DecayingValue.newBuilder().setValue(points).setReferenceTime(at).build();
    }
    if (at.isBefore(signal.getReferenceTime())) {
      double aged = points * Math.pow(2, -(double) Duration.between(at, signal.getReferenceTime()).toMillis() / halfLife.toMillis());
      return DecayingValue.newBuilder(signal).setValue(signal.getValue() + aged).build();
    }
    return DecayingValue.newBuilder().setValue(valueAt(signal, halfLife, at) + points).setReferenceTime(at).build();
  }
}
