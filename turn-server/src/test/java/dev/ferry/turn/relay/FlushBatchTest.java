package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlushBatchTest {
  @Test
  void flushAfterIo_beforeTheLoopRunsTasks_leavesWritesUnflushed() {
    EmbeddedChannel channel = new EmbeddedChannel();
    FlushBatch batch = new FlushBatch();
    channel.write(Unpooled.wrappedBuffer(new byte[] {1}));
    batch.add(channel);

    batch.flushAfterIo(channel.eventLoop());

    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(batch.size()).isEqualTo(1);
    channel.finishAndReleaseAll();
  }

  @Test
  void flushAfterIo_calledTwice_schedulesOneTaskThatFlushesEveryWrite() {
    EmbeddedChannel channel = new EmbeddedChannel();
    FlushBatch batch = new FlushBatch();
    List<Runnable> tasks = new ArrayList<>();
    channel.write(Unpooled.wrappedBuffer(new byte[] {1}));
    batch.add(channel);
    batch.flushAfterIo(tasks::add);
    channel.write(Unpooled.wrappedBuffer(new byte[] {2}));
    batch.add(channel);
    batch.flushAfterIo(tasks::add);

    assertThat(tasks).hasSize(1);
    tasks.get(0).run();

    ByteBuf first = channel.readOutbound();
    ByteBuf second = channel.readOutbound();
    assertThat(first.getByte(0)).isEqualTo((byte) 1);
    assertThat(second.getByte(0)).isEqualTo((byte) 2);
    assertThat(batch.size()).isZero();
    first.release();
    second.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void flushAfterIo_nothingPending_schedulesNothing() {
    FlushBatch batch = new FlushBatch();
    List<Runnable> tasks = new ArrayList<>();

    batch.flushAfterIo(tasks::add);

    assertThat(tasks).isEmpty();
  }
}
