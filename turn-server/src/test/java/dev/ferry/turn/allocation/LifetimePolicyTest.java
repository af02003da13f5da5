package dev.ferry.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LifetimePolicyTest {
  private final LifetimePolicy policy = LifetimePolicy.RFC_DEFAULTS;

  @Test
  void allocate_withoutLifetime_getsDefault600() {
    assertThat(policy.grantAllocate(LifetimePolicy.NOT_REQUESTED)).isEqualTo(600);
  }

  @Test
  void lifetime_aboveMax_isCapped() {
    assertThat(policy.grantAllocate(86_400)).isEqualTo(3600);
    assertThat(policy.grantRefresh(0xFFFF_FFFFL)).isEqualTo(3600);
  }

  @Test
  void lifetime_belowDefault_becomesDefault() {
    assertThat(policy.grantAllocate(30)).isEqualTo(600);
    assertThat(policy.grantRefresh(30)).isEqualTo(600);
  }

  @Test
  void lifetime_betweenDefaultAndMax_isGranted() {
    assertThat(policy.grantAllocate(1200)).isEqualTo(1200);
    assertThat(policy.grantRefresh(1200)).isEqualTo(1200);
  }

  @Test
  void refresh_lifetimeZero_desiresZero() {
    assertThat(policy.grantRefresh(0)).isZero();
  }

  @Test
  void allocate_lifetimeZero_getsDefault() {
    assertThat(policy.grantAllocate(0)).isEqualTo(600);
  }

  @Test
  void refresh_withoutLifetime_getsDefault() {
    assertThat(policy.grantRefresh(LifetimePolicy.NOT_REQUESTED)).isEqualTo(600);
  }

  @Test
  void policy_maxBelowDefault_rejected() {
    assertThatThrownBy(() -> new LifetimePolicy(600, 300, 300, 600, 300))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
