package dev.ferry.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangeListTest {

  private static int v4(String literal) {
    return AddressCanonicalizer.ipv4(IpLiterals.parse(literal));
  }

  private static boolean contains6(AddressRangeList list, String literal) {
    byte[] a = IpLiterals.parse(literal);
    return list.containsIpv6(AddressCanonicalizer.hi(a), AddressCanonicalizer.lo(a));
  }

  @Test
  void containsIpv4_overlappingAndAdjacentEntries_coverTheirUnionOnly() {
    AddressRangeList list =
        AddressRangeList.parse(
            List.of("10.0.0.10-10.0.0.20", "10.0.0.15-10.0.0.30", "10.0.0.31", "10.0.0.40/30"));

    assertThat(list.containsIpv4(v4("10.0.0.9"))).isFalse();
    assertThat(list.containsIpv4(v4("10.0.0.10"))).isTrue();
    assertThat(list.containsIpv4(v4("10.0.0.31"))).isTrue();
    assertThat(list.containsIpv4(v4("10.0.0.32"))).isFalse();
    assertThat(list.containsIpv4(v4("10.0.0.39"))).isFalse();
    assertThat(list.containsIpv4(v4("10.0.0.43"))).isTrue();
    assertThat(list.containsIpv4(v4("10.0.0.44"))).isFalse();
  }

  @Test
  void containsIpv4_highAddresses_comparedUnsigned() {
    AddressRangeList list = AddressRangeList.parse(List.of("128.0.0.0/1"));

    assertThat(list.containsIpv4(v4("255.255.255.255"))).isTrue();
    assertThat(list.containsIpv4(v4("128.0.0.0"))).isTrue();
    assertThat(list.containsIpv4(v4("127.255.255.255"))).isFalse();
  }

  @Test
  void containsIpv6_rangeAtTopOfSpaceAndHighHalf_comparedUnsigned() {
    AddressRangeList list = AddressRangeList.parse(List.of("ff00::/8", "8000::1", "::1"));

    assertThat(contains6(list, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
    assertThat(contains6(list, "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isFalse();
    assertThat(contains6(list, "8000::1")).isTrue();
    assertThat(contains6(list, "8000::2")).isFalse();
    assertThat(contains6(list, "::1")).isTrue();
    assertThat(contains6(list, "::2")).isFalse();
  }

  @Test
  void empty_containsNothing() {
    assertThat(AddressRangeList.empty().containsIpv4(0)).isFalse();
    assertThat(AddressRangeList.empty().containsIpv6(0, 0)).isFalse();
    assertThat(AddressRangeList.empty().isEmpty()).isTrue();
  }

  @Test
  void with_addsRangesKeepingOriginal() {
    AddressRangeList base = AddressRangeList.parse(List.of("10.0.0.1"));
    AddressRangeList more = base.with(List.of(AddressRange.parse("10.0.0.2")));

    assertThat(more.containsIpv4(v4("10.0.0.2"))).isTrue();
    assertThat(base.containsIpv4(v4("10.0.0.2"))).isFalse();
    assertThat(more.ranges()).hasSize(2);
  }

  @Test
  void parse_secondEntryBad_throwsNamingIt() {
    assertThatThrownBy(() -> AddressRangeList.parse(List.of("10.0.0.1", "10.0.0.300")))
        .isInstanceOfSatisfying(
            AddressEntryException.class, e -> assertThat(e.entry()).isEqualTo("10.0.0.300"));
  }
}
