package dev.ferry.interop;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The totals {@code turnutils_uclient} prints when it finishes: messages it sent to the peer
 * through the relay, echoes it received back, packets it counted as lost and sends that failed
 * locally. Its exit status says nothing about loss, so these lines are the verdict.
 */
public record UclientStatistics(long sent, long received, long lost, long sendDropped) {

  // The final summary has no "msz=" (the progress lines printed every second do).
  private static final Pattern TOTALS =
      Pattern.compile("start_mclient: tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)\\s*$");
  private static final Pattern LOSS =
      Pattern.compile("Total lost packets (\\d+) \\([^)]*\\), total send dropped (\\d+) ");

  /** The last summary in {@code output}; empty when uclient never got as far as printing one. */
  public static Optional<UclientStatistics> parse(String output) {
    long[] totals = null;
    long[] loss = null;
    for (String line : output.lines().toList()) {
      Matcher totalsLine = TOTALS.matcher(line);
      if (totalsLine.find()) {
        totals =
            new long[] {Long.parseLong(totalsLine.group(1)), Long.parseLong(totalsLine.group(2))};
        continue;
      }
      Matcher lossLine = LOSS.matcher(line);
      if (lossLine.find()) {
        loss = new long[] {Long.parseLong(lossLine.group(1)), Long.parseLong(lossLine.group(2))};
      }
    }
    if (totals == null || loss == null) {
      return Optional.empty();
    }
    return Optional.of(new UclientStatistics(totals[0], totals[1], loss[0], loss[1]));
  }
}
