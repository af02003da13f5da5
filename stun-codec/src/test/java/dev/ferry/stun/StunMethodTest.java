package dev.ferry.stun;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Message type arithmetic of RFC 8489 §5 and Appendix A. */
class StunMethodTest {
  @Test
  void messageType_binding_matchesRfcTable() {
    assertThat(StunMethod.messageType(StunMethod.BINDING, MessageClass.REQUEST)).isEqualTo(0x0001);
    assertThat(StunMethod.messageType(StunMethod.BINDING, MessageClass.INDICATION))
        .isEqualTo(0x0011);
    assertThat(StunMethod.messageType(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE))
        .isEqualTo(0x0101);
    assertThat(StunMethod.messageType(StunMethod.BINDING, MessageClass.ERROR_RESPONSE))
        .isEqualTo(0x0111);
  }

  @Test
  void messageType_turnMethods_matchWireValues() {
    assertThat(StunMethod.messageType(StunMethod.SEND, MessageClass.INDICATION)).isEqualTo(0x0016);
    assertThat(StunMethod.messageType(StunMethod.DATA, MessageClass.INDICATION)).isEqualTo(0x0017);
    assertThat(StunMethod.messageType(StunMethod.ALLOCATE, MessageClass.ERROR_RESPONSE))
        .isEqualTo(0x0113);
    assertThat(StunMethod.messageType(StunMethod.CONNECTION_ATTEMPT, MessageClass.INDICATION))
        .isEqualTo(0x001C);
  }

  @Test
  void methodOf_everyTwelveBitMethodAndClass_roundTrips() {
    for (int method = 0; method <= StunMethod.MAX; method++) {
      for (MessageClass c : MessageClass.values()) {
        int type = StunMethod.messageType(method, c);
        assertThat(type & 0xC000).isZero();
        assertThat(StunMethod.methodOf(type)).isEqualTo(method);
        assertThat(StunMethod.classOf(type)).isEqualTo(c);
      }
    }
  }
}
