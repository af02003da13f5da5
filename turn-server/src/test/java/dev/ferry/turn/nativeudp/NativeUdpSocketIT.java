package dev.ferry.turn.nativeudp;

import static dev.ferry.turn.nativeudp.Loopback.bytesOf;
import static dev.ferry.turn.nativeudp.Loopback.direct;
import static dev.ferry.turn.nativeudp.Loopback.pattern;
import static dev.ferry.turn.nativeudp.Loopback.queue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real datagrams over 127.0.0.1 and ::1 between native sockets and plain JDK channels. */
class NativeUdpSocketIT {
  private EpollLoop epoll;
  private final List<NativeUdpSocket> sockets = new ArrayList<>();
  private final List<EpollDatagramChannel> channels = new ArrayList<>();

  @BeforeEach
  void startLoop() {
    epoll = new EpollLoop();
  }

  @AfterEach
  void stopLoop() throws Exception {
    for (NativeUdpSocket socket : sockets) {
      socket.closeAsync().sync();
    }
    for (EpollDatagramChannel channel : channels) {
      channel.close().sync();
    }
    epoll.close();
  }

  private NativeUdpSocket open(String host, DatagramBatchHandler handler, int slotSize)
      throws Exception {
    NativeUdpSocket socket = epoll.open(host, handler, 4, slotSize);
    sockets.add(socket);
    return socket;
  }

  private boolean sendFrom(NativeUdpSocket socket, byte[] bytes, InetSocketAddress to)
      throws Exception {
    return epoll.call(
        () -> {
          queue(socket.outbound(), direct(bytes), to, 0);
          return socket.flush();
        });
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 0", "127.0.0.1, 1", "127.0.0.1, 1200", "127.0.0.1, 65507",
    "::1, 0", "::1, 1", "::1, 1200", "::1, 65507"
  })
  void nativeToNative_datagram_arrivesWithBytesLengthAndSender(String host, int length)
      throws Exception {
    CollectingHandler received = new CollectingHandler();
    NativeUdpSocket from = open(host, new CollectingHandler(), 2048);
    NativeUdpSocket to = open(host, received, 65_535);
    byte[] bytes = pattern(length, 7);

    assertThat(sendFrom(from, bytes, to.localAddress())).isTrue();

    Received datagram = received.next();
    assertThat(datagram.payload()).isEqualTo(bytes);
    assertThat(datagram.length()).isEqualTo(length);
    assertThat(datagram.truncated()).isFalse();
    assertThat(datagram.sender()).isEqualTo(from.localAddress());
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 0", "127.0.0.1, 1", "127.0.0.1, 1200", "127.0.0.1, 65507",
    "::1, 0", "::1, 1", "::1, 1200", "::1, 65507"
  })
  void nativeToJdk_datagram_arrivesWithBytesAndSourceAsTheJdkSeesThem(String host, int length)
      throws Exception {
    NativeUdpSocket from = open(host, new CollectingHandler(), 2048);
    byte[] bytes = pattern(length, 3);
    try (DatagramChannel peer = Loopback.jdkPeer(host)) {
      assertThat(sendFrom(from, bytes, (InetSocketAddress) peer.getLocalAddress())).isTrue();

      DatagramPacket packet = Loopback.receive(peer);
      assertThat(bytesOf(packet)).isEqualTo(bytes);
      assertThat(packet.getSocketAddress()).isEqualTo(from.localAddress());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 0", "127.0.0.1, 1", "127.0.0.1, 1200", "127.0.0.1, 65507",
    "::1, 0", "::1, 1", "::1, 1200", "::1, 65507"
  })
  void jdkToNative_datagram_reportsBytesAndTheJdkSender(String host, int length) throws Exception {
    CollectingHandler received = new CollectingHandler();
    NativeUdpSocket to = open(host, received, 65_535);
    byte[] bytes = pattern(length, 11);
    try (DatagramChannel peer = Loopback.jdkPeer(host)) {
      Loopback.send(peer, bytes, to.localAddress());

      Received datagram = received.next();
      assertThat(datagram.payload()).isEqualTo(bytes);
      assertThat(datagram.sender()).isEqualTo(peer.getLocalAddress());
    }
  }

  @Test
  void receive_datagramLongerThanSlot_isCutToTheSlotAndFlaggedTruncated() throws Exception {
    CollectingHandler received = new CollectingHandler();
    NativeUdpSocket to = open("127.0.0.1", received, 100);
    byte[] bytes = pattern(300, 5);
    try (DatagramChannel peer = Loopback.jdkPeer("127.0.0.1")) {
      Loopback.send(peer, bytes, to.localAddress());

      Received datagram = received.next();
      assertThat(datagram.truncated()).isTrue();
      assertThat(datagram.length()).isEqualTo(100);
      assertThat(datagram.payload()).isEqualTo(java.util.Arrays.copyOf(bytes, 100));
    }
  }

  @Test
  void receive_sliceKeptPastTheCallback_isNotOverwrittenByTheNextRead() throws Exception {
    BlockingQueue<byte[]> later = new LinkedBlockingQueue<>();
    ByteBuf[] kept = new ByteBuf[1];
    CountDownLatch keptFirst = new CountDownLatch(1);
    DatagramBatchHandler keepFirst =
        (socket, batch, i) -> {
          if (kept[0] == null) {
            kept[0] = batch.payload(i).retainedSlice();
            keptFirst.countDown();
          } else {
            later.add(io.netty.buffer.ByteBufUtil.getBytes(batch.payload(i)));
          }
        };
    NativeUdpSocket to = open("127.0.0.1", keepFirst, 64);
    try (DatagramChannel peer = Loopback.jdkPeer("127.0.0.1")) {
      Loopback.send(peer, pattern(40, 1), to.localAddress());
      // The second datagram is sent only once the first was read, so it lands in the next read,
      // in the same slot unless the batch saw that the slot's bytes are still kept.
      assertThat(keptFirst.await(5, TimeUnit.SECONDS)).isTrue();
      Loopback.send(peer, pattern(40, 2), to.localAddress());

      assertThat(later.poll(5, TimeUnit.SECONDS)).isEqualTo(pattern(40, 2));
      byte[] first = epoll.call(() -> io.netty.buffer.ByteBufUtil.getBytes(kept[0]));
      assertThat(first).isEqualTo(pattern(40, 1));
      assertThat(epoll.call(() -> kept[0].release())).isTrue();
    }
  }

  @Test
  void receive_sliceKeptWithinOneWakeup_isNotOverwrittenByTheNextReadOfThatWakeup()
      throws Exception {
    BlockingQueue<byte[]> later = new LinkedBlockingQueue<>();
    ByteBuf[] kept = new ByteBuf[1];
    DatagramBatchHandler keepFirst =
        (socket, batch, i) -> {
          if (kept[0] == null) {
            kept[0] = batch.payload(i).retainedSlice();
          } else {
            later.add(io.netty.buffer.ByteBufUtil.getBytes(batch.payload(i)));
          }
        };
    NativeUdpSocket to = epoll.open("127.0.0.1", keepFirst, 1, 64);
    sockets.add(to);
    CountDownLatch sent = new CountDownLatch(1);
    try (DatagramChannel peer = Loopback.jdkPeer("127.0.0.1")) {
      // The loop waits until all three are queued, so one wakeup reads them with three
      // single-slot reads.
      epoll.loop.execute(
          () -> {
            try {
              sent.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      for (int seed = 1; seed <= 3; seed++) {
        Loopback.send(peer, pattern(40, seed), to.localAddress());
      }
      sent.countDown();

      assertThat(later.poll(5, TimeUnit.SECONDS)).isEqualTo(pattern(40, 2));
      assertThat(later.poll(5, TimeUnit.SECONDS)).isEqualTo(pattern(40, 3));
      byte[] first = epoll.call(() -> io.netty.buffer.ByteBufUtil.getBytes(kept[0]));
      assertThat(first).isEqualTo(pattern(40, 1));
      assertThat(epoll.call(() -> kept[0].release())).isTrue();
    }
  }

  @Test
  void receive_twoSocketsOnOneLoop_readIntoTheLoopsOneRegion() throws Exception {
    List<ByteBuf> regions = new java.util.concurrent.CopyOnWriteArrayList<>();
    ByteBufAllocator recording =
        new AbstractByteBufAllocator(true) {
          @Override
          protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf region =
                PooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
            regions.add(region);
            return region;
          }

          @Override
          protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return PooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
          }

          @Override
          public boolean isDirectBufferPooled() {
            return true;
          }
        };
    CollectingHandler toA = new CollectingHandler();
    CollectingHandler toB = new CollectingHandler();
    NativeUdpSocket a = openWith(new ReceiveBatch(recording, 4, 64), toA);
    NativeUdpSocket b = openWith(new ReceiveBatch(recording, 4, 64), toB);
    try (DatagramChannel peer = Loopback.jdkPeer("127.0.0.1")) {
      Loopback.send(peer, pattern(40, 1), a.localAddress());
      assertThat(toA.next().payload()).isEqualTo(pattern(40, 1));
      Loopback.send(peer, pattern(40, 2), b.localAddress());
      assertThat(toB.next().payload()).isEqualTo(pattern(40, 2));
      Loopback.send(peer, pattern(40, 3), a.localAddress());
      assertThat(toA.next().payload()).isEqualTo(pattern(40, 3));

      assertThat(regions).hasSize(1);
    }
  }

  @Test
  void receive_sliceKeptFromOneSocket_isNotOverwrittenByAnotherSocketsRead() throws Exception {
    ByteBuf[] kept = new ByteBuf[1];
    CountDownLatch keptFirst = new CountDownLatch(1);
    DatagramBatchHandler keep =
        (socket, batch, i) -> {
          kept[0] = batch.payload(i).retainedSlice();
          keptFirst.countDown();
        };
    CollectingHandler toB = new CollectingHandler();
    NativeUdpSocket a = open("127.0.0.1", keep, 64);
    NativeUdpSocket b = open("127.0.0.1", toB, 64);
    try (DatagramChannel peer = Loopback.jdkPeer("127.0.0.1")) {
      Loopback.send(peer, pattern(40, 1), a.localAddress());
      assertThat(keptFirst.await(5, TimeUnit.SECONDS)).isTrue();
      Loopback.send(peer, pattern(40, 2), b.localAddress());

      assertThat(toB.next().payload()).isEqualTo(pattern(40, 2));
      byte[] first = epoll.call(() -> io.netty.buffer.ByteBufUtil.getBytes(kept[0]));
      assertThat(first).isEqualTo(pattern(40, 1));
      assertThat(epoll.call(() -> kept[0].release())).isTrue();
    }
  }

  private NativeUdpSocket openWith(ReceiveBatch inbound, DatagramBatchHandler handler)
      throws Exception {
    NativeUdpSocket socket = NativeUdpSocket.openIpv4(inbound, new SendBatch(4));
    sockets.add(socket);
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    socket.register(epoll.loop, handler).get(5, TimeUnit.SECONDS);
    return socket;
  }

  @Test
  void onBatchStart_comesOnceBeforeTheDatagramsOfAWakeupAndOnBatchEndAfterThem() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    DatagramBatchHandler recording =
        new DatagramBatchHandler() {
          @Override
          public void onBatchStart(NativeUdpSocket socket) {
            events.add("start");
          }

          @Override
          public void onDatagram(NativeUdpSocket socket, ReceiveBatch batch, int i) {
            events.add("datagram");
          }

          @Override
          public void onBatchEnd(NativeUdpSocket socket) {
            events.add("end");
          }
        };
    NativeUdpSocket to = open("127.0.0.1", recording, 64);
    try (DatagramChannel peer = Loopback.jdkPeer("127.0.0.1")) {
      Loopback.send(peer, pattern(5, 1), to.localAddress());

      List<String> seen = new ArrayList<>();
      for (String event = ""; !event.equals("end"); ) {
        event = events.poll(5, TimeUnit.SECONDS);
        assertThat(event).as("the wakeup's events within 5 s").isNotNull();
        seen.add(event);
      }
      assertThat(seen).containsExactly("start", "datagram", "end");
    }
  }

  @Test
  void handler_throws_laterDatagramsAreStillDelivered() throws Exception {
    CollectingHandler received = new CollectingHandler();
    CountDownLatch failed = new CountDownLatch(1);
    DatagramBatchHandler failOnce =
        (socket, batch, i) -> {
          if (failed.getCount() > 0) {
            failed.countDown();
            throw new IllegalStateException("handler bug (expected by this test)");
          }
          received.onDatagram(socket, batch, i);
        };
    NativeUdpSocket to = open("127.0.0.1", failOnce, 64);
    try (DatagramChannel peer = Loopback.jdkPeer("127.0.0.1")) {
      Loopback.send(peer, pattern(5, 1), to.localAddress());
      // The second datagram goes out only after the first batch failed, so they cannot share it.
      assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
      Loopback.send(peer, pattern(6, 2), to.localAddress());

      assertThat(received.next().payload()).isEqualTo(pattern(6, 2));
    }
  }

  @Test
  void dualStackSocket_ipv4Sender_isReportedAsIpv4AndCanBeAnswered() throws Exception {
    CollectingHandler received = new CollectingHandler();
    NativeUdpSocket dual =
        NativeUdpSocket.openIpv6(false, new ReceiveBatch(4, 2048), new SendBatch(16));
    sockets.add(dual);
    dual.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
    dual.register(epoll.loop, received).sync();
    int port = dual.localAddress().getPort();
    try (DatagramChannel peer = Loopback.jdkPeer("127.0.0.1")) {
      Loopback.send(peer, pattern(10, 1), Loopback.address("127.0.0.1", port));

      Received datagram = received.next();
      assertThat(datagram.sender()).isEqualTo(peer.getLocalAddress());
      assertThat(sendFrom(dual, pattern(12, 2), datagram.sender())).isTrue();
      DatagramPacket answer = Loopback.receive(peer);
      assertThat(bytesOf(answer)).isEqualTo(pattern(12, 2));
      assertThat(answer.getPort()).isEqualTo(port);
    }
  }

  @Test
  void localAddress_afterBindToPortZero_reportsLoopbackAndAnEphemeralPort() throws Exception {
    NativeUdpSocket socket = open("::1", new CollectingHandler(), 64);

    InetSocketAddress local = socket.localAddress();

    assertThat(local.getAddress()).isEqualTo(InetAddress.getByName("::1"));
    assertThat(local.getPort()).isPositive();
    assertThat(socket.isIpv6()).isTrue();
  }

  @Test
  void bufferSizes_set_areReadBackAsTheKernelDoublesThem() throws Exception {
    NativeUdpSocket socket = open("127.0.0.1", new CollectingHandler(), 64);

    socket.setReceiveBufferSize(65_536);
    socket.setSendBufferSize(32_768);

    assertThat(socket.receiveBufferSize()).isEqualTo(131_072);
    assertThat(socket.sendBufferSize()).isEqualTo(65_536);
  }

  @Test
  void bind_portInUse_throwsIoExceptionNamingTheError() throws Exception {
    NativeUdpSocket first = open("127.0.0.1", new CollectingHandler(), 64);
    NativeUdpSocket second = NativeUdpSocket.openIpv4(new ReceiveBatch(1, 64), new SendBatch(1));
    sockets.add(second);

    assertThatThrownBy(() -> second.bind(first.localAddress()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Address already in use");
  }

  @Test
  void closeAsync_fromAnotherThread_closesOnTheLoopAndStopsReading() throws Exception {
    NativeUdpSocket socket = open("127.0.0.1", new CollectingHandler(), 64);

    socket.closeAsync().sync();

    assertThat(socket.isOpen()).isFalse();
    assertThat(socket.fd().isOpen()).isFalse();
    ByteBuf late = direct(pattern(1, 0));
    assertThat(socket.outbound().addIpv4(late, 0x7F00_0001, 9)).isFalse();
    assertThat(late.refCnt()).isZero();
  }

  @Test
  void register_closedBeforeItsRegistrationRan_leavesTheReusedDescriptorsChannelReading()
      throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    ChannelHandler collect =
        new SimpleChannelInboundHandler<io.netty.channel.socket.DatagramPacket>() {
          @Override
          protected void channelRead0(
              ChannelHandlerContext ctx, io.netty.channel.socket.DatagramPacket packet) {
            received.add(packet.content().toString(StandardCharsets.US_ASCII));
          }
        };
    int[] numbers =
        epoll.call(
            () -> {
              NativeUdpSocket early =
                  NativeUdpSocket.openIpv4(new ReceiveBatch(1, 64), new SendBatch(1));
              int closedNumber = early.fd().intValue();
              early.register(epoll.loop, new CollectingHandler()); // runs as a later task
              early.closeAsync(); // on the loop: the fd is closed at once, its number is free
              EpollDatagramChannel channel = new EpollDatagramChannel();
              channel.pipeline().addLast(collect);
              epoll.loop.register(channel); // on the loop: registered at once
              channels.add(channel);
              return new int[] {closedNumber, channel.fd().intValue()};
            });
    assumeTrue(numbers[0] == numbers[1], "the kernel gave the channel another fd number");
    EpollDatagramChannel channel = channels.get(0);
    channel.bind(new InetSocketAddress("127.0.0.1", 0)).sync();
    epoll.call(() -> 0); // the closed socket's registration task has run

    try (DatagramChannel jdk = DatagramChannel.open()) {
      jdk.send(
          java.nio.ByteBuffer.wrap("still reading".getBytes(StandardCharsets.US_ASCII)),
          channel.localAddress());
    }

    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("still reading");
  }
}
