package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnUrisTest {

  @Test
  void withTransport_turnWithoutTransport_addsUdp() {
    assertThat(TurnUris.withTransport("turn:h:3478")).contains("turn:h:3478?transport=udp");
  }

  @Test
  void withTransport_turnsWithoutTransport_addsTcp() {
    assertThat(TurnUris.withTransport("turns:h:5349")).contains("turns:h:5349?transport=tcp");
  }

  @Test
  void withTransport_explicitTransport_isKept() {
    assertThat(TurnUris.withTransport("turn:h?transport=tcp")).contains("turn:h?transport=tcp");
  }

  @Test
  void withTransport_otherSchemeOrJunk_isEmpty() {
    assertThat(TurnUris.withTransport("http://h")).isEmpty();
    assertThat(TurnUris.withTransport("turn:")).isEmpty();
    assertThat(TurnUris.withTransport("turn:h\"x")).isEmpty();
    assertThat(TurnUris.withTransport("turn:h?transport=sctp")).isEmpty();
  }
}
