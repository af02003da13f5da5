package dev.ferry.bench;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.attribute.Nonce;
import dev.ferry.stun.attribute.Realm;
import dev.ferry.stun.attribute.RequestedTransport;
import dev.ferry.stun.attribute.Username;
import dev.ferry.stun.integrity.MessageIntegrity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Measures the receive side of an authenticated Allocate: the view's wrap (basic checks, attribute
 * index, FINGERPRINT CRC), attribute look-ups, and the MESSAGE-INTEGRITY check.
 */
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {
      BenchmarkJvm.EXECUTOR,
      BenchmarkJvm.EXECUTOR_CLASS,
      BenchmarkJvm.NO_LEAK_DETECTION
    })
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StunDecodeBenchmark {

  private final StunMessage message = new StunMessage();
  private final StunMessage wrapped = new StunMessage();
  private ByteBuf request;

  @Setup(Level.Trial)
  public void setUp() {
    request = AllocateExchange.allocateRequest(PooledByteBufAllocator.DEFAULT);
    if (wrapped.wrap(request) != DecodeStatus.OK
        || !MessageIntegrity.check(wrapped, AllocateExchange.KEY)) {
      throw new IllegalStateException("fixture request does not decode: " + wrapped.status());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wrapped.clear();
    request.release();
  }

  /** Wrap, then find the attributes an Allocate handler needs by offset, without decoding text. */
  @Benchmark
  public int wrapAndLookUp() {
    message.wrap(request);
    return message.indexOf(AttributeType.USERNAME)
        + message.indexOf(AttributeType.REALM)
        + message.indexOf(AttributeType.NONCE)
        + message.indexOf(AttributeType.MESSAGE_INTEGRITY)
        + RequestedTransport.read(message)
        + (message.hasFingerprint() ? 1 : 0);
  }

  /** Wrap, then read USERNAME, REALM and NONCE as Strings with the typed readers. */
  @Benchmark
  public int wrapAndReadText() {
    message.wrap(request);
    String username = Username.read(message);
    String realm = Realm.read(message);
    String nonce = Nonce.read(message);
    return username.length() + realm.length() + nonce.length() + RequestedTransport.read(message);
  }

  /** HMAC-SHA1 over the wrapped request with the long-term key, compared in constant time. */
  @Benchmark
  public boolean checkMessageIntegrity() {
    return MessageIntegrity.check(wrapped, AllocateExchange.KEY);
  }
}
