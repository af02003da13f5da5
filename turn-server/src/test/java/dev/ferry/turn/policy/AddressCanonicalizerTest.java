package dev.ferry.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.turn.policy.AddressCanonicalizer.Form;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressCanonicalizerTest {

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "::ffff:192.0.2.1, IPV4_MAPPED, 192.0.2.1",
    "::192.0.2.1, IPV4_COMPATIBLE, 192.0.2.1",
    "::0.0.0.2, IPV4_COMPATIBLE, 0.0.0.2",
    "::ffff:0:192.0.2.1, IPV4_TRANSLATED, 192.0.2.1",
    "64:ff9b::c000:201, NAT64_WELL_KNOWN, 192.0.2.1",
    "64:ff9b:1:c000:2:100::, NAT64_LOCAL_USE, 192.0.2.1",
    "64:ff9b:1:c000:ff02:1ff:ffff:ffff, NAT64_LOCAL_USE, 192.0.2.1",
    "2002:c000:201::, SIX_TO_FOUR, 192.0.2.1",
    "2002:c000:201:ffff:ffff:ffff:ffff:ffff, SIX_TO_FOUR, 192.0.2.1",
    "2001:0:c000:201::, TEREDO, 192.0.2.1",
  })
  void embeddedIpv4_eachForm_extractsAddress(String literal, Form form, String ipv4) {
    byte[] a = IpLiterals.parse(literal);
    long hi = AddressCanonicalizer.hi(a);
    long lo = AddressCanonicalizer.lo(a);

    assertThat(AddressCanonicalizer.formOf(hi, lo)).isEqualTo(form);
    assertThat(AddressCanonicalizer.embeddedIpv4(form, hi, lo))
        .isEqualTo(AddressCanonicalizer.ipv4(IpLiterals.parse(ipv4)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "::",
    "::1",
    "::1:0:0:1",
    "64:ff9b::1:c000:201",
    "64:ff9b:2::1",
    "2001:1::1",
    "2003::1",
    "2606:4700::1111",
  })
  void formOf_noEmbedding_plain(String literal) {
    byte[] a = IpLiterals.parse(literal);

    assertThat(AddressCanonicalizer.formOf(AddressCanonicalizer.hi(a), AddressCanonicalizer.lo(a)))
        .isEqualTo(Form.PLAIN);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "IPV4_MAPPED, true",
    "IPV4_COMPATIBLE, true",
    "IPV4_TRANSLATED, true",
    "NAT64_WELL_KNOWN, false",
    "SIX_TO_FOUR, false",
    "TEREDO, false",
    "PLAIN, false"
  })
  void isIpv4Alias_onlyForPureRespellings(Form form, boolean alias) {
    assertThat(form.isIpv4Alias()).isEqualTo(alias);
  }

  @org.junit.jupiter.api.Test
  void teredoClientIpv4_invertsLastFourBytes() {
    byte[] a = IpLiterals.parse("2001:0:4136:e378:8000:63bf:3fff:fdd2");

    assertThat(AddressCanonicalizer.teredoClientIpv4(AddressCanonicalizer.lo(a)))
        .isEqualTo(AddressCanonicalizer.ipv4(IpLiterals.parse("192.0.2.45")));
    assertThat(AddressCanonicalizer.embeddedIpv4(Form.TEREDO, AddressCanonicalizer.hi(a), 0))
        .isEqualTo(AddressCanonicalizer.ipv4(IpLiterals.parse("65.54.227.120")));
  }

  @org.junit.jupiter.api.Test
  void embeddedIpv4_plainForm_throws() {
    assertThatThrownBy(() -> AddressCanonicalizer.embeddedIpv4(Form.PLAIN, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
