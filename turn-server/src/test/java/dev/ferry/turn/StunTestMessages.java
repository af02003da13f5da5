package dev.ferry.turn;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/** Builds test messages with the codec's writer. */
public final class StunTestMessages {
  /** A fixed transaction ID for assertions. */
  public static final byte[] TRANSACTION_ID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  private StunTestMessages() {}

  /** A Binding request with FINGERPRINT. */
  public static ByteBuf bindingRequest() {
    return message(StunMethod.BINDING, MessageClass.REQUEST, w -> {});
  }

  /** A message of any method and class; {@code extra} adds attributes before FINGERPRINT. */
  public static ByteBuf message(int method, MessageClass cls, Consumer<StunWriter> extra) {
    ByteBuf buf = Unpooled.buffer(128);
    StunWriter writer = new StunWriter().begin(buf, method, cls, TRANSACTION_ID);
    extra.accept(writer);
    writer.fingerprint();
    return buf;
  }

  /** An RFC 3489 Binding request: no magic cookie, a 16-byte transaction ID, no attributes. */
  public static ByteBuf rfc3489BindingRequest(byte[] cookieBytes) {
    ByteBuf buf = Unpooled.buffer(StunMessage.HEADER_LENGTH);
    buf.writeShort(0x0001).writeShort(0).writeBytes(cookieBytes).writeBytes(TRANSACTION_ID);
    return buf;
  }
}
