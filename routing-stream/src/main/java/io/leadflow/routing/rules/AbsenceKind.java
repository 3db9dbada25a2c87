package io.leadflow.routing.rules;

/**
 * Why a rep is away for a stretch of time. Seed 002 (skip logic) names vacation (HR system or calendar) and all-day
 * meetings (calendar); everything else a calendar or HR feed reports as blocking is {@link #OTHER}.
 */
public enum AbsenceKind {
  VACATION,
  /** An all-day meeting: a calendar entry that blocks the whole day, not an ordinary meeting slot. */
  MEETING,
  OTHER
}
