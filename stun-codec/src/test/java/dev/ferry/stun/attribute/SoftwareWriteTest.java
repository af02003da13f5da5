package dev.ferry.stun.attribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.TestBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** SOFTWARE from a String (encoded once per writer) and from pre-encoded bytes. */
class SoftwareWriteTest {
  private final StunWriter writer = new StunWriter();

  private byte[] write(Consumer<StunWriter> body) {
    ByteBuf out = Unpooled.buffer();
    try {
      body.accept(
          writer.begin(out, StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, new byte[12]));
      return TestBytes.bytes(out);
    } finally {
      out.release();
    }
  }

  private static byte[] expected(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteBuf out = Unpooled.buffer();
    try {
      new StunWriter()
          .begin(out, StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, new byte[12])
          .attribute(0x8022, utf8);
      return TestBytes.bytes(out);
    } finally {
      out.release();
    }
  }

  @Test
  void software_sameStringTwice_writesSameBytes() {
    assertThat(write(w -> w.software("Ferry 0.1.0"))).isEqualTo(expected("Ferry 0.1.0"));
    assertThat(write(w -> w.software("Ferry 0.1.0"))).isEqualTo(expected("Ferry 0.1.0"));
  }

  @Test
  void software_differentString_isReEncoded() {
    write(w -> w.software("Ferry 0.1.0"));
    assertThat(write(w -> w.software("Ferry ü 2"))).isEqualTo(expected("Ferry ü 2"));
  }

  @Test
  void software_tooLongString_throwsEvenAfterAValidOne() {
    write(w -> w.software("ok"));
    assertThatThrownBy(() -> write(w -> w.software("x".repeat(Software.MAX_CHARS + 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void softwareBytes_encodedForm_writesSameBytesAsString() {
    byte[] utf8 = Software.encode("Ferry ü 2");
    assertThat(write(w -> w.software(utf8))).isEqualTo(expected("Ferry ü 2"));
  }

  @Test
  void softwareBytes_notUtf8_throws() {
    assertThatThrownBy(() -> write(w -> w.software(new byte[] {'a', (byte) 0xC0, (byte) 0x80})))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void softwareBytes_moreThanMaxChars_throws() {
    byte[] tooMany = "é".repeat(Software.MAX_CHARS + 1).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> write(w -> w.software(tooMany)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void softwareBytes_maxCharsOfTwoBytes_isAccepted() {
    String text = "é".repeat(Software.MAX_CHARS);
    assertThat(write(w -> w.software(text.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(expected(text));
  }
}
