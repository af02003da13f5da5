package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void parse_suffixes_scaleToSeconds() {
    assertThat(DurationText.parse("90")).contains(Duration.ofSeconds(90));
    assertThat(DurationText.parse("90s")).contains(Duration.ofSeconds(90));
    assertThat(DurationText.parse("30m")).contains(Duration.ofMinutes(30));
    assertThat(DurationText.parse("24h")).contains(Duration.ofHours(24));
    assertThat(DurationText.parse("7d")).contains(Duration.ofDays(7));
  }

  @Test
  void parse_zeroNegativeOrUnknownUnit_isEmpty() {
    assertThat(DurationText.parse("0h")).isEmpty();
    assertThat(DurationText.parse("-5m")).isEmpty();
    assertThat(DurationText.parse("2w")).isEmpty();
    assertThat(DurationText.parse("h")).isEmpty();
    assertThat(DurationText.parse("")).isEmpty();
  }

  @Test
  void parse_beyondTenYears_isEmpty() {
    assertThat(DurationText.parse("3651d")).isEmpty();
    assertThat(DurationText.parse("9999999999d")).isEmpty();
  }
}
