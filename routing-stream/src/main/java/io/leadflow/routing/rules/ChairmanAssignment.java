package io.leadflow.routing.rules;

/**
 * Picks the rep for the next lead of a pool by the chairman-assignment rule (Tijdeman 1980), DESIGN.md choice 5.
 *
 * <p>For k reps with shares λ_i = w_i/Σw and counts c_i, at the n-th lead (n = Σc + 1) with δ = 1/(2k−2): the
 * candidates are the reps with λ_i·n − c_i ≥ δ (not too far ahead of their share); among them the one whose next
 * lead falls due soonest, at ⌈(c_i + 1 − δ)/λ_i⌉, wins, ties going to the lower index. Run from zero counts with
 * fixed weights, every prefix keeps each rep within 1 − δ (less than one lead) of its weighted target. Plain round
 * robin is the same rule with equal weights.
 *
 * <p>Counts come from a time window and reps come and go, so the state may not be one the rule produced itself;
 * then no rep may qualify, and the rep furthest behind its share (largest λ_i·n − c_i) is taken instead. A weight
 * of 0 (or less) is never a candidate. Arrays, no allocation: this runs once per lead over pools of 1,000 reps.
 */
public final class ChairmanAssignment {

  /** Absorbs floating-point error in λ·n − c, which is a multiple of 1/Σw. */
  private static final double EPSILON = 1e-9;

  private ChairmanAssignment() {}

  /**
   * The index of the rep that gets the next lead, or -1 when no weight is positive.
   *
   * @param weights effective weights in a stable order (e.g. by rep id); 0 means "not eligible now"
   * @param counts leads each rep holds in the window, same order
   * @param size how many entries of the arrays are in use
   */
  public static int pick(double[] weights, long[] counts, int size) {
    // Two partial sums: one running sum is a chain of dependent additions, the slowest part of the pick.
    double evenWeight = 0;
    double oddWeight = 0;
    long totalCount = 0;
    int positive = 0;
    int i = 0;
    for (; i + 1 < size; i += 2) {
      double even = weights[i];
      double odd = weights[i + 1];
      if (even > 0) {
        evenWeight += even;
        totalCount += counts[i];
        positive++;
      }
      if (odd > 0) {
        oddWeight += odd;
        totalCount += counts[i + 1];
        positive++;
      }
    }
    if (i < size && weights[i] > 0) {
      evenWeight += weights[i];
      totalCount += counts[i];
      positive++;
    }
    double totalWeight = evenWeight + oddWeight;
    if (positive <= 1) {
      for (int j = 0; j < size; j++) {
        if (weights[j] > 0) {
          return j;
        }
      }
      return -1;
    }
    long n = totalCount + 1;
    double delta = 1.0 / (2 * positive - 2);
    // Scaled units: the deficit λ_i·n − c_i times Σw is w_i·n − c_i·Σw, so the loop needs no division per rep.
    // The thresholds scale with it. The deadline (two divisions) is computed, exactly as before, only for a
    // candidate that can still beat the best one so far: ceil(x − ε) < bestDeadline needs x ≤ bestDeadline − 1 + ε
    // with x = (c_i + 1 − δ)·Σw/w_i, checked by multiplication with a margin that keeps the check conservative.
    // The conditions are combined with non-short-circuit & so that the loop has one rarely taken branch per rep:
    // about half the reps are candidates, in no predictable order, and a mispredicted branch costs more than the
    // arithmetic. The rep furthest behind is only needed when there is no candidate, so it gets its own pass.
    double scaledN = (double) n;
    double candidateFrom = (delta - EPSILON) * totalWeight;
    double oneMinusDelta = 1 - delta;
    int best = -1;
    double bestDeadline = Double.POSITIVE_INFINITY;
    double beatsBestBelow = Double.POSITIVE_INFINITY; // (bestDeadline − 1 + 2ε)·(1 + 1e-9)
    for (i = 0; i < size; i++) {
      double weight = weights[i];
      long count = counts[i];
      double countValue = count;
      double scaledDeficit = weight * scaledN - countValue * totalWeight;
      double numerator = (countValue + oneMinusDelta) * totalWeight;
      if (weight > 0 & scaledDeficit >= candidateFrom & numerator <= beatsBestBelow * weight) {
        double share = weight / totalWeight;
        double deadline = Math.ceil((count + 1 - delta) / share - EPSILON);
        if (deadline < bestDeadline) {
          bestDeadline = deadline;
          beatsBestBelow = (bestDeadline - 1 + 2 * EPSILON) * (1 + 1e-9);
          best = i;
        }
      }
    }
    return best >= 0 ? best : furthestBehind(weights, counts, size, scaledN, totalWeight);
  }

  /** The rep with the largest λ_i·n − c_i (in units of 1/Σw), the first of equals. */
  private static int furthestBehind(double[] weights, long[] counts, int size, double n, double totalWeight) {
    double scaledEpsilon = EPSILON * totalWeight;
    int furthestBehind = -1;
    double largestScaledDeficit = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      double weight = weights[i];
      if (weight <= 0) {
        continue;
      }
      double scaledDeficit = weight * n - counts[i] * totalWeight;
      if (scaledDeficit > largestScaledDeficit + scaledEpsilon) {
        largestScaledDeficit = scaledDeficit;
        furthestBehind = i;
      }
    }
    return furthestBehind;
  }

  /** The bound on |c_i − λ_i·n| that the rule keeps for k reps with fixed weights: 1 − 1/(2k−2). */
  public static double bound(int reps) {
    return reps <= 1 ? 0 : 1 - 1.0 / (2 * reps - 2);
  }
}
