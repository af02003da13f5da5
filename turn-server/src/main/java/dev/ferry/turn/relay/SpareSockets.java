package dev.ferry.turn.relay;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * At most one open, unbound relay socket per event loop, kept from a failed bind (another process
 * holds the port) so that the loop's next attempt costs one bind call instead of opening and
 * configuring a new socket. Each loop touches only its own entry.
 *
 * @param <S> the socket type
 */
final class SpareSockets<S> {
  private record Spare<S>(S socket, boolean ipv4) {}

  private final Map<EventLoop, Spare<S>> spares = new ConcurrentHashMap<>();
  private final Predicate<S> isOpen;
  private final Consumer<S> close;

  SpareSockets(Predicate<S> isOpen, Consumer<S> close) {
    this.isOpen = isOpen;
    this.close = close;
  }

  /**
   * Takes {@code loop}'s spare if it is open and of the family asked for; a spare of the other
   * family is closed. Null when there is none to use.
   */
  S take(EventLoop loop, boolean ipv4) {
    Spare<S> spare = spares.remove(loop);
    if (spare == null) {
      return null;
    }
    if (spare.ipv4() != ipv4 || !isOpen.test(spare.socket())) {
      close.accept(spare.socket());
      return null;
    }
    return spare.socket();
  }

  /** Keeps {@code socket}, whose bind failed, as {@code loop}'s spare (closing the one it had). */
  void keep(EventLoop loop, S socket, boolean ipv4) {
    Spare<S> previous = spares.put(loop, new Spare<>(socket, ipv4));
    if (previous != null) {
      close.accept(previous.socket());
    }
  }

  /** Whether {@code loop} holds an open spare. */
  boolean has(EventLoop loop) {
    Spare<S> spare = spares.get(loop);
    return spare != null && isOpen.test(spare.socket());
  }

  /** Closes every spare (sockets never registered are not closed by their loop's shutdown). */
  void closeAll() {
    spares.values().forEach(spare -> close.accept(spare.socket()));
    spares.clear();
  }
}
