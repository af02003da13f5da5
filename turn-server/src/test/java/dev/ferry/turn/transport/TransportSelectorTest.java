package dev.ferry.turn.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.config.TransportPreference;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportSelectorTest {
  private static final NativeAvailability ALL =
      new NativeAvailability(Optional.empty(), Optional.empty());
  private static final NativeAvailability NO_URING =
      new NativeAvailability(Optional.of("seccomp: io_uring_setup EPERM"), Optional.empty());
  private static final NativeAvailability NO_EPOLL =
      new NativeAvailability(Optional.empty(), Optional.of("epoll_create failed"));
  private static final NativeAvailability NONE =
      new NativeAvailability(Optional.of("no io_uring"), Optional.of("not linux"));

  @Test
  void select_autoWithEverythingAvailable_picksEpoll() {
    assertThat(TransportSelector.select(TransportPreference.AUTO, ALL))
        .map(TransportChoice::kind)
        .contains(TransportKind.EPOLL);
  }

  @Test
  void select_autoWithoutIoUring_picksEpoll() {
    assertThat(TransportSelector.select(TransportPreference.AUTO, NO_URING))
        .map(TransportChoice::kind)
        .contains(TransportKind.EPOLL);
  }

  @Test
  void select_autoWithoutEpoll_picksIoUringAndSaysWhy() {
    TransportChoice choice =
        TransportSelector.select(TransportPreference.AUTO, NO_EPOLL).orElseThrow();

    assertThat(choice.kind()).isEqualTo(TransportKind.IO_URING);
    assertThat(choice.reason()).contains("epoll unavailable").contains("epoll_create failed");
  }

  @Test
  void select_autoWithoutNativeTransports_picksNioAndNamesBothCauses() {
    TransportChoice choice = TransportSelector.select(TransportPreference.AUTO, NONE).orElseThrow();

    assertThat(choice.kind()).isEqualTo(TransportKind.NIO);
    assertThat(choice.reason()).contains("no io_uring").contains("not linux");
  }

  @Test
  void select_explicitNio_picksNioEvenWhenNativeAvailable() {
    assertThat(TransportSelector.select(TransportPreference.NIO, ALL))
        .map(TransportChoice::kind)
        .contains(TransportKind.NIO);
  }

  @Test
  void select_explicitEpollAvailable_picksEpoll() {
    assertThat(TransportSelector.select(TransportPreference.EPOLL, NO_URING))
        .map(TransportChoice::kind)
        .contains(TransportKind.EPOLL);
  }

  @Test
  void select_explicitIoUringUnavailable_returnsEmptyWithCauseInMessage() {
    assertThat(TransportSelector.select(TransportPreference.IO_URING, NO_URING)).isEmpty();
    assertThat(TransportSelector.unavailableMessage(TransportPreference.IO_URING, NO_URING))
        .contains("io_uring")
        .contains("seccomp");
  }

  @Test
  void select_explicitEpollUnavailable_returnsEmpty() {
    assertThat(TransportSelector.select(TransportPreference.EPOLL, NONE)).isEmpty();
  }
}
