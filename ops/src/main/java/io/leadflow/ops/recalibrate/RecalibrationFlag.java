package io.leadflow.ops.recalibrate;

/** What the dry-run table marks on a row; the trigger flags say "recalibrate now" (seed 000 triggers). */
public enum RecalibrationFlag {
  /** Start date fewer than the probation days ago: standard 1.0 or the current weight (option). */
  PROBATION(false),
  /** Fewer leads in the window than the minimum sample: current weight kept. */
  BELOW_MIN_SAMPLE(false),
  /** The model's weight was further away than the maximum change per cycle allows; the move was cut. */
  MAX_CHANGE_CAPPED(false),
  /** Trigger: the rep's lead → opportunity rate moved more than the trigger share since the previous cycle. */
  RATE_MOVED(true),
  /** Trigger (team change): the rep has no weight from the previous cycle, i.e. joined since. */
  NEW_REP(true),
  /** Trigger (team change): the rep had a weight in the previous cycle but is gone or inactive now. */
  REMOVED_REP(true);

  private final boolean trigger;

  RecalibrationFlag(boolean trigger) {
    this.trigger = trigger;
  }

  /** True for the flags that call for a recalibration (rate moved, team changed). */
  public boolean isTrigger() {
    return trigger;
  }
}
