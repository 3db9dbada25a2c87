package io.leadflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeKeysTest {

  /** The keys are in existing changelogs: every value must come out as String.format wrote it. */
  @Test
  void matchesStringFormatForEveryKindOfValue() {
    long[] edges = {0, 1, 9, 10, 999_999_999_999_999L, 1_000_000_000_000_000L, 1_767_225_600_000L, Long.MAX_VALUE, -1,
        -42, Long.MIN_VALUE};
    for (int width : new int[] {16, 19}) {
      for (long value : edges) {
        assertThat(TimeKeys.zeroPadded(value, width)).as("%d at width %d", value, width)
            .isEqualTo(String.format("%0" + width + "d", value));
      }
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < 10_000; i++) {
        long value = random.nextLong(0, 1L << random.nextInt(1, 63));
        assertThat(TimeKeys.zeroPadded(value, width)).isEqualTo(String.format("%0" + width + "d", value));
      }
    }
  }
}
