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
    double totalWeight = 0;
    long totalCount = 0;
    int positive = 0;
    int onlyPositive = -1;
    for (int i = 0; i < size; i++) {
      if (weights[i] > 0) {
        totalWeight += weights[i];
        totalCount += counts[i];
        positive++;
        onlyPositive = i;
      }
    }
    if (positive <= 1) {
      return onlyPositive;
    }
    long n = totalCount + 1;
    double delta = 1.0 / (2 * positive - 2);
    int best = -1;
    double bestDeadline = Double.POSITIVE_INFINITY;
    int furthestBehind = -1;
    double largestDeficit = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      double weight = weights[i];
      if (weight <= 0) {
        continue;
      }
      double share = weight / totalWeight;
      double deficit = share * n - counts[i];
      if (deficit > largestDeficit + EPSILON) {
        largestDeficit = deficit;
        furthestBehind = i;
      }
      if (deficit >= delta - EPSILON) {
        double deadline = Math.ceil((counts[i] + 1 - delta) / share - EPSILON);
        if (deadline < bestDeadline) {
          bestDeadline = deadline;
          best = i;
        }
      }
    }
    return best >= 0 ? best : furthestBehind;
  }

  /** The bound on |c_i − λ_i·n| that the rule keeps for k reps with fixed weights: 1 − 1/(2k−2). */
  public static double bound(int reps) {
    return reps <= 1 ? 0 : 1 - 1.0 / (2 * reps - 2);
  }
}
