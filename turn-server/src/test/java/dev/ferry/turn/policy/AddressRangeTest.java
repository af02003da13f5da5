package dev.ferry.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRangeTest {

  private static int v4(String literal) {
    return AddressCanonicalizer.ipv4(IpLiterals.parse(literal));
  }

  private static boolean contains6(AddressRange r, String literal) {
    byte[] a = IpLiterals.parse(literal);
    return r.containsIpv6(AddressCanonicalizer.hi(a), AddressCanonicalizer.lo(a));
  }

  @Test
  void parse_singleIpv4_containsOnlyThatAddress() {
    AddressRange r = AddressRange.parse("10.0.0.5");

    assertThat(r.containsIpv4(v4("10.0.0.5"))).isTrue();
    assertThat(r.containsIpv4(v4("10.0.0.4"))).isFalse();
    assertThat(r.containsIpv4(v4("10.0.0.6"))).isFalse();
    assertThat(r.isIpv6()).isFalse();
  }

  @Test
  void parse_ipv4Cidr_coversBlockEdges() {
    AddressRange r = AddressRange.parse("172.16.0.0/12");

    assertThat(r.containsIpv4(v4("172.15.255.255"))).isFalse();
    assertThat(r.containsIpv4(v4("172.16.0.0"))).isTrue();
    assertThat(r.containsIpv4(v4("172.31.255.255"))).isTrue();
    assertThat(r.containsIpv4(v4("172.32.0.0"))).isFalse();
  }

  @Test
  void parse_zeroPrefix_coversWholeIpv4Space() {
    AddressRange r = AddressRange.parse("0.0.0.0/0");

    assertThat(r.containsIpv4(0)).isTrue();
    assertThat(r.containsIpv4(-1)).isTrue();
  }

  @Test
  void parse_coturnDashRange_isInclusive() {
    AddressRange r = AddressRange.parse("172.17.13.200-172.17.13.210");

    assertThat(r.containsIpv4(v4("172.17.13.199"))).isFalse();
    assertThat(r.containsIpv4(v4("172.17.13.200"))).isTrue();
    assertThat(r.containsIpv4(v4("172.17.13.210"))).isTrue();
    assertThat(r.containsIpv4(v4("172.17.13.211"))).isFalse();
  }

  @Test
  void parse_whitespaceAroundParts_ignored() {
    assertThat(AddressRange.parse("  10.0.0.1 - 10.0.0.9 "))
        .isEqualTo(AddressRange.parse("10.0.0.1-10.0.0.9"));
  }

  @Test
  void parse_ipv6Cidr_coversBlockEdges() {
    AddressRange r = AddressRange.parse("2001:db8::/32");

    assertThat(r.isIpv6()).isTrue();
    assertThat(contains6(r, "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")).isFalse();
    assertThat(contains6(r, "2001:db8::")).isTrue();
    assertThat(contains6(r, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
    assertThat(contains6(r, "2001:db9::")).isFalse();
  }

  @Test
  void parse_ipv6CidrLongerThan64_masksLowHalf() {
    AddressRange r = AddressRange.parse("2001:db8::100/120");

    assertThat(contains6(r, "2001:db8::ff")).isFalse();
    assertThat(contains6(r, "2001:db8::1ff")).isTrue();
    assertThat(contains6(r, "2001:db8::200")).isFalse();
  }

  @Test
  void parse_ipv6DashRange_isInclusive() {
    AddressRange r = AddressRange.parse("2001:db8::10-2001:db8::20");

    assertThat(contains6(r, "2001:db8::f")).isFalse();
    assertThat(contains6(r, "2001:db8::10")).isTrue();
    assertThat(contains6(r, "2001:db8::20")).isTrue();
    assertThat(contains6(r, "2001:db8::21")).isFalse();
  }

  @Test
  void parse_ipv4MappedCidr_becomesIpv4Range() {
    AddressRange r = AddressRange.parse("::ffff:10.0.0.0/104");

    assertThat(r).isEqualTo(AddressRange.parse("10.0.0.0/8"));
    assertThat(r.isIpv6()).isFalse();
  }

  @Test
  void parse_ipv4OnlyRange_doesNotMatchIpv6AndViceVersa() {
    assertThat(AddressRange.parse("0.0.0.0/0").containsIpv6(0, 1)).isFalse();
    assertThat(AddressRange.parse("::/0").containsIpv4(v4("8.8.8.8"))).isFalse();
  }

  @Test
  void toString_rangeAndSingle_readBack() {
    assertThat(AddressRange.parse("10.0.0.0/8").toString()).isEqualTo("10.0.0.0-10.255.255.255");
    assertThat(AddressRange.parse("10.0.0.1").toString()).isEqualTo("10.0.0.1");
    assertThat(AddressRange.parse("::1").toString()).isEqualTo("0:0:0:0:0:0:0:1");
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1/33|prefix length 33 is out of range 0-32 for IPv4",
        "2001:db8::/129|prefix length 129 is out of range 0-128 for IPv6",
        "10.0.0.0/x|prefix length must be a number from 0 to 32",
        "10.0.0.0/|prefix length must be a number from 0 to 32",
        "10.0.0.1/8|did you mean 10.0.0.0/8?",
        "2001:db8::1/32|did you mean 2001:db8:0:0:0:0:0:0/32?",
        "10.0.0.9-10.0.0.1|range start is above range end",
        "10.0.0.1-::1|range mixes IPv4 and IPv6",
        "10.0.0.0/8-10.0.0.1|use either a CIDR block or a range, not both",
        "256.0.0.1|octet above 255",
        "010.0.0.1|leading zero",
        "10.0.0|needs four octets",
        "10.0.0.0.1|more than four octets",
        "10..0.1|empty octet",
        "turn.example.com|unexpected character",
        "fe80::1%eth0|zone identifiers are not allowed",
        "1::2::3|appears twice",
        "1:2:3:4:5:6:7:8:9|too many groups",
        "1:2:3:4:5:6:7|needs eight groups",
        "12345::|bad group",
        "g::1|bad group",
      })
  void parse_badEntry_throwsNamingEntryAndProblem(String entry, String problem) {
    assertThatThrownBy(() -> AddressRange.parse(entry))
        .isInstanceOfSatisfying(
            AddressEntryException.class,
            e -> {
              assertThat(e.entry()).isEqualTo(entry);
              assertThat(e.problem()).contains(problem);
              assertThat(e.getMessage())
                  .startsWith("invalid peer address entry \"" + entry + "\": ");
            });
  }

  @Test
  void parse_blankEntry_throwsEmptyEntry() {
    assertThatThrownBy(() -> AddressRange.parse("   "))
        .isInstanceOf(AddressEntryException.class)
        .hasMessageContaining("empty entry");
  }

  @Test
  void parse_nonAsciiDigitInIpv6Group_rejected() {
    assertThatThrownBy(() -> AddressRange.parse("2001:db8::\u0663"))
        .isInstanceOf(AddressEntryException.class)
        .hasMessageContaining("bad group");
  }
}
