package dev.ferry.turn.nativeudp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A fake kernel for SendBatch: answers each sendmmsg with a scripted result and records ports. */
final class RecordingSender implements BatchSender {
  private final Deque<Integer> results = new ArrayDeque<>();
  final List<Integer> offeredCounts = new ArrayList<>();
  final List<Integer> sentPorts = new ArrayList<>();
  final List<Integer> sentLengths = new ArrayList<>();
  final List<Long> sentAddressHigh = new ArrayList<>();
  final List<Long> sentAddressLow = new ArrayList<>();
  final List<Integer> sentFamilies = new ArrayList<>();
  final List<Integer> sentSegments = new ArrayList<>();

  /** Scripts the next answers; once exhausted, every record offered is accepted. */
  RecordingSender answer(int... next) {
    for (int result : next) {
      results.add(result);
    }
    return this;
  }

  @Override
  public int send(RecordScratch records, int count) {
    ByteBuffer meta = records.numbers;
    offeredCounts.add(count);
    int result = results.isEmpty() ? count : results.poll();
    ByteBuffer le = meta.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer be = meta.duplicate().order(ByteOrder.BIG_ENDIAN);
    for (int k = 0; k < Math.max(result, 0); k++) {
      int at = k * SendBatch.META_SIZE;
      sentLengths.add(le.getInt(at + 8));
      sentPorts.add(le.getInt(at + 16));
      sentAddressHigh.add(be.getLong(at + 24));
      sentAddressLow.add(be.getLong(at + 32));
      sentFamilies.add(le.getInt(at + 12));
      sentSegments.add(le.getInt(at + 20));
    }
    return result;
  }
}
