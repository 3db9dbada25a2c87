package io.leadflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  @Test
  void aBurstGoesAtOnceThenPermitsComeAtTheRate() {
    TokenBucket bucket = new TokenBucket(2, 2, 0);
    assertThat(bucket.reserve(0)).isZero();
    assertThat(bucket.reserve(0)).isZero();
    assertThat(bucket.reserve(0)).isEqualTo(500);
    assertThat(bucket.reserve(0)).isEqualTo(1000);
  }

  @Test
  void permitsRefillOverTimeButNotBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(1, 1, 0);
    assertThat(bucket.reserve(0)).isZero();
    assertThat(bucket.reserve(10_000)).isZero();
    assertThat(bucket.reserve(10_000)).isEqualTo(1000);
  }
}
