package dev.ferry.interop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UclientStatisticsTest {

  // Verbatim tail of a coturn 4.6.1 run: progress lines (with msz=) and then the final summary.
  private static final String CLEAN_RUN =
      """
      0: : Total connect time is 1
      2: : start_mclient: msz=2, tot_send_msgs=20, tot_recv_msgs=20, tot_send_bytes ~ 2000, \
      tot_recv_bytes ~ 2000
      5: : start_mclient: msz=2, tot_send_msgs=31, tot_recv_msgs=30, tot_send_bytes ~ 3100, \
      tot_recv_bytes ~ 3000
      5: : start_mclient: tot_send_msgs=40, tot_recv_msgs=40
      5: : start_mclient: tot_send_bytes ~ 4000, tot_recv_bytes ~ 4000
      5: : Total transmit time is 5
      5: : Total lost packets 0 (0.000000%), total send dropped 0 (0.000000%)
      5: : Average round trip delay 0.000000 ms; min = 0 ms, max = 0 ms
      """;

  private static final String NOTHING_ECHOED =
      """
      14: : start_mclient: tot_send_msgs=40, tot_recv_msgs=0
      14: : start_mclient: tot_send_bytes ~ 4000, tot_recv_bytes ~ 0
      14: : Total lost packets 40 (100.000000%), total send dropped 3 (7.500000%)
      """;

  @Test
  void parse_cleanRun_takesFinalTotalsNotProgressLines() {
    assertThat(UclientStatistics.parse(CLEAN_RUN)).contains(new UclientStatistics(40, 40, 0, 0));
  }

  @Test
  void parse_nothingEchoed_reportsLostAndDroppedCounts() {
    assertThat(UclientStatistics.parse(NOTHING_ECHOED))
        .contains(new UclientStatistics(40, 0, 40, 3));
  }

  @Test
  void parse_allocationFailed_isEmpty() {
    assertThat(UclientStatistics.parse("0: : ERROR: Cannot complete Allocation\n")).isEmpty();
  }

  @Test
  void parse_totalsWithoutLossLine_isEmpty() {
    assertThat(UclientStatistics.parse("5: : start_mclient: tot_send_msgs=40, tot_recv_msgs=40\n"))
        .isEmpty();
  }
}
