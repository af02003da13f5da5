package dev.ferry.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.interop.TurnUclient.DataPath;
import dev.ferry.interop.TurnUclient.LongTermUser;
import dev.ferry.interop.TurnUclient.RestSecret;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class TurnUclientTest {

  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 34780);
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 34801);

  @Test
  void arguments_sendIndicationsWithoutRtcpLongTermUser_passesSAndCAndUW() {
    TurnUclient uclient =
        new TurnUclient(
            SERVER, PEER, DataPath.SEND_INDICATION, false, new LongTermUser("alice", "pw"), 3, 25);

    assertThat(uclient.arguments())
        .containsExactly(
            "-s",
            "-c",
            "-u",
            "alice",
            "-w",
            "pw",
            "-m",
            "3",
            "-n",
            "25",
            "-e",
            "127.0.0.1",
            "-r",
            "34801",
            "-p",
            "34780",
            "127.0.0.1");
  }

  @Test
  void arguments_channelDataWithRtcpRestSecret_passesNeitherSNorCAndUW() {
    TurnUclient uclient =
        new TurnUclient(
            SERVER, PEER, DataPath.CHANNEL_DATA, true, new RestSecret("alice", "secret"), 2, 10);

    assertThat(uclient.arguments())
        .startsWith("-u", "alice", "-W", "secret", "-m", "2")
        .doesNotContain("-s", "-c");
  }

  @Test
  void expectedMessages_rtcpWithOddClients_roundsSessionsUpToEven() {
    TurnUclient uclient =
        new TurnUclient(
            SERVER, PEER, DataPath.CHANNEL_DATA, true, new LongTermUser("a", "b"), 3, 25);

    assertThat(uclient.expectedMessages()).isEqualTo(100);
  }

  @Test
  void expectedMessages_withoutRtcp_isClientsTimesMessages() {
    TurnUclient uclient =
        new TurnUclient(
            SERVER, PEER, DataPath.CHANNEL_DATA, false, new LongTermUser("a", "b"), 3, 25);

    assertThat(uclient.expectedMessages()).isEqualTo(75);
  }
}
