package dev.ferry.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AllocationQuotasTest {
  @Test
  void tryAcquire_overUserQuota_returns486() {
    AllocationQuotas quotas = new AllocationQuotas(2, 10);
    quotas.tryAcquire("alice");
    quotas.tryAcquire("alice");
    QuotaResult result = quotas.tryAcquire("alice");
    assertThat(result).isEqualTo(QuotaResult.USER_QUOTA_REACHED);
    assertThat(result.errorCode()).isEqualTo(486);
    assertThat(quotas.inUse()).isEqualTo(2);
    assertThat(quotas.tryAcquire("bob")).isEqualTo(QuotaResult.ACQUIRED);
  }

  @Test
  void tryAcquire_overTotalQuota_returns486() {
    AllocationQuotas quotas = new AllocationQuotas(5, 2);
    quotas.tryAcquire("alice");
    quotas.tryAcquire("bob");
    assertThat(quotas.tryAcquire("carol")).isEqualTo(QuotaResult.TOTAL_QUOTA_REACHED);
    assertThat(quotas.inUse("carol")).isZero();
  }

  @Test
  void release_freesSlotAndForgetsIdleUsers() {
    AllocationQuotas quotas = new AllocationQuotas(1, 10);
    quotas.tryAcquire("alice");
    quotas.release("alice");
    assertThat(quotas.inUse()).isZero();
    assertThat(quotas.inUse("alice")).isZero();
    assertThat(quotas.tryAcquire("alice")).isEqualTo(QuotaResult.ACQUIRED);
  }

  @Test
  void release_notHeld_throws() {
    AllocationQuotas quotas = new AllocationQuotas(1, 10);
    assertThatThrownBy(() -> quotas.release("alice")).isInstanceOf(IllegalStateException.class);
    assertThat(quotas.inUse()).isZero();
  }

  @Test
  void tryAcquire_fromManyThreads_neverExceedsQuotas() throws Exception {
    AllocationQuotas quotas = new AllocationQuotas(50, 120);
    AtomicInteger acquired = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] futures = new Future<?>[4];
      for (int t = 0; t < 4; t++) {
        String user = "user" + (t % 3);
        futures[t] =
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    if (quotas.tryAcquire(user).isSuccess()) {
                      acquired.incrementAndGet();
                    }
                  }
                });
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(acquired.get()).isEqualTo(120);
    assertThat(quotas.inUse()).isEqualTo(120);
    assertThat(quotas.inUse("user0")).isLessThanOrEqualTo(50);
    assertThat(quotas.inUse("user0") + quotas.inUse("user1") + quotas.inUse("user2"))
        .isEqualTo(120);
  }
}
