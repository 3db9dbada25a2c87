package io.leadflow.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DecayDueIndexTest {

  /** Index keys are in existing changelogs: the hand-built key must be exactly the old String.format one. */
  @Test
  void keysAreTheFormatTheChangelogsHold() {
    Random random = new Random(3);
    LongStream edge = LongStream.of(0, 1, 9, 10, 999_999_999_999_999L, 1_000_000_000_000_000L, 9_999_999_999_999_999L,
        10_000_000_000_000_000L, Long.MAX_VALUE, -1, -123_456, Long.MIN_VALUE, 1_767_603_600_000L);
    LongStream randoms = LongStream.generate(() -> random.nextLong() >>> random.nextInt(64)).limit(10_000);
    LongStream.concat(edge, randoms).forEach(millis -> {
      for (String lead : new String[] {"lead-1", "", "\uffff", "Lead|with|bars"}) {
        assertThat(DecayDueIndex.key(millis, lead)).isEqualTo(String.format("%016d|%s", millis, lead));
      }
    });
  }
}
