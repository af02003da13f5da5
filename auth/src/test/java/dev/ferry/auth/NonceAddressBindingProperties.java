package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

class NonceAddressBindingProperties {
  private final NonceService nonces =
      new NonceService(
          new SecurityFeatures(true, false),
          Duration.ofSeconds(600),
          MutableClock.atEpochSecond(1_700_000_000L));

  @Property
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void nonce_validatesOnlyForTheAddressItWasMintedFor(
      @ForAll("addresses") InetSocketAddress mintedFor,
      @ForAll("addresses") InetSocketAddress presentedFrom) {
    String nonce = nonces.issue(mintedFor);

    boolean same = mintedFor.equals(presentedFrom);
    Statistics.collect(same);
    Statistics.coverage(coverage -> coverage.check(true).count(n -> n > 0));
    NonceCheck expected = same ? NonceCheck.VALID : NonceCheck.INVALID;
    assertThat(nonces.validate(nonce, presentedFrom)).isEqualTo(expected);
  }

  @Property
  void nonce_fromOneAddressNeverValidatesForANeighbouringPort(
      @ForAll("addresses") InetSocketAddress mintedFor) {
    String nonce = nonces.issue(mintedFor);
    int otherPort = mintedFor.getPort() == 65535 ? 65534 : mintedFor.getPort() + 1;

    assertThat(nonces.validate(nonce, new InetSocketAddress(mintedFor.getAddress(), otherPort)))
        .isEqualTo(NonceCheck.INVALID);
  }

  @Provide
  Arbitrary<InetSocketAddress> addresses() {
    // Eight addresses, so that "same address" comes up in about one try in eight.
    Arbitrary<byte[]> ip =
        Arbitraries.of(
            new byte[] {10, 0, 0, 1},
            new byte[] {10, 0, 0, 2},
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
    Arbitrary<Integer> port = Arbitraries.of(3478, 3479);
    return Combinators.combine(ip, port).as(NonceAddressBindingProperties::socket);
  }

  private static InetSocketAddress socket(byte[] ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
