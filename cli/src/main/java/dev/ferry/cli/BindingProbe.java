package dev.ferry.cli;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.MappedAddress;
import dev.ferry.stun.attribute.Software;
import dev.ferry.stun.attribute.XorMappedAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;

/** Sends one STUN Binding request over UDP or TCP with plain JDK sockets and reads the answer. */
final class BindingProbe {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * What the server said.
   *
   * @param mapped XOR-MAPPED-ADDRESS (or MAPPED-ADDRESS), null if absent
   * @param software SOFTWARE, null if absent
   * @param errorCode the error code of an error response, 0 for success
   */
  record Answer(InetSocketAddress mapped, String software, int errorCode) {}

  private BindingProbe() {}

  /** Builds a Binding request with a random transaction ID and FINGERPRINT. */
  static byte[] request(byte[] transactionId) {
    ByteBuf buf = Unpooled.buffer(64);
    try {
      new StunWriter()
          .begin(buf, StunMethod.BINDING, MessageClass.REQUEST, transactionId)
          .software("turnctl")
          .fingerprint();
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      return bytes;
    } finally {
      buf.release();
    }
  }

  /** Over UDP; throws {@link java.net.SocketTimeoutException} when nothing answers in time. */
  static Answer udp(InetSocketAddress server, int timeoutMillis) throws IOException {
    byte[] id = newTransactionId();
    byte[] request = request(id);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(timeoutMillis);
      socket.send(new DatagramPacket(request, request.length, server));
      byte[] in = new byte[2048];
      while (true) {
        DatagramPacket packet = new DatagramPacket(in, in.length);
        socket.receive(packet);
        Answer answer = parse(in, packet.getLength(), id);
        if (answer != null) {
          return answer;
        }
      }
    }
  }

  /** Over TCP; throws on timeout or when the server closes without answering. */
  static Answer tcp(InetSocketAddress server, int timeoutMillis) throws IOException {
    byte[] id = newTransactionId();
    byte[] request = request(id);
    try (Socket socket = new Socket()) {
      socket.connect(server, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        byte[] frame = readFrame(in);
        Answer answer = parse(frame, frame.length, id);
        if (answer != null) {
          return answer;
        }
      }
    }
  }

  private static byte[] readFrame(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] header = new byte[StunMessage.HEADER_LENGTH];
    in.readFully(header);
    int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
    byte[] frame = new byte[StunMessage.HEADER_LENGTH + length];
    System.arraycopy(header, 0, frame, 0, header.length);
    in.readFully(frame, header.length, length);
    return frame;
  }

  /** The answer if {@code bytes} is a Binding response to {@code id}, else null. */
  static Answer parse(byte[] bytes, int length, byte[] id) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes, 0, length);
    try {
      StunMessage message = new StunMessage();
      if (message.wrap(buf) != DecodeStatus.OK
          || message.method() != StunMethod.BINDING
          || !message.messageClass().isResponse()
          || !message.transactionIdEquals(id)) {
        return null;
      }
      InetSocketAddress mapped = XorMappedAddress.read(message);
      if (mapped == null) {
        mapped = MappedAddress.read(message);
      }
      int error =
          message.messageClass() == MessageClass.ERROR_RESPONSE ? ErrorCode.code(message) : 0;
      return new Answer(mapped, Software.read(message), error);
    } finally {
      buf.release();
    }
  }

  private static byte[] newTransactionId() {
    byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    RANDOM.nextBytes(id);
    return id;
  }
}
