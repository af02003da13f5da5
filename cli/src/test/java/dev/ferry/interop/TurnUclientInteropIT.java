package dev.ferry.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.interop.TurnUclient.Credentials;
import dev.ferry.interop.TurnUclient.DataPath;
import dev.ferry.interop.TurnUclient.LongTermUser;
import dev.ferry.interop.TurnUclient.RestSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * coturn's {@code turnutils_uclient} relays through the TURN server under test to {@code
 * turnutils_peer}, which echoes every message back: with ChannelData and with Send/Data
 * indications, with a long-term user and with TURN REST credentials, with and without the extra
 * RTCP allocations (EVEN-PORT, RESERVATION-TOKEN). Every message must come back; none may be lost.
 */
@EnabledIfSystemProperty(named = "ferry.interop", matches = "true")
class TurnUclientInteropIT {

  private static final Path OUTPUT = Path.of("target", "interop-uclient");
  private static final String USER = "alice";
  private static final String PASSWORD = "relay-only-please";
  private static final String REST_SECRET = "ferry-interop-shared-secret";
  private static final int CLIENTS = 3; // odd: with RTCP, uclient rounds up to 4
  private static final int MESSAGES_PER_CLIENT = 25;
  // Sessions start 1-6 s after connecting and send every 20 ms: a clean run takes under 10 s.
  private static final Duration RUN_DEADLINE = Duration.ofSeconds(60);

  private static final List<AutoCloseable> started = new ArrayList<>();
  private static TurnServerUnderTest longTermServer;
  private static TurnServerUnderTest restApiServer;
  private static TurnutilsPeer peer;

  private static final ServerUnderTestChoice SERVER = ServerUnderTestChoice.fromSystemProperty();

  @BeforeAll
  static void startPeerAndServers() throws IOException {
    for (RequiredTool tool : List.of(RequiredTool.TURNUTILS_PEER, RequiredTool.TURNUTILS_UCLIENT)) {
      try {
        tool.require();
      } catch (IllegalStateException e) {
        fail(e.getMessage());
      }
    }
    Files.createDirectories(OUTPUT);
    Path workDir = Files.createTempDirectory("ferry-uclient-");
    started.add(() -> TempFolders.deleteRecursively(workDir));
    peer = track(TurnutilsPeer.start(OUTPUT.resolve("turnutils-peer.log")));
    longTermServer =
        track(SERVER.startLongTerm(USER, PASSWORD, workDir.resolve("long-term"), OUTPUT));
    restApiServer =
        track(SERVER.startRestApi(REST_SECRET, USER, workDir.resolve("rest-api"), OUTPUT));
  }

  @AfterAll
  static void stopEverything() {
    RuntimeException failure = null;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop " + started.get(i), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    started.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Test
  void uclient_channelDataLongTermUserWithRtcpAllocations_getsEveryMessageEchoed()
      throws IOException {
    assertEveryMessageEchoed(
        "channel-long-term-rtcp",
        longTermServer,
        DataPath.CHANNEL_DATA,
        true,
        new LongTermUser(USER, PASSWORD));
  }

  @Test
  void uclient_sendIndicationsLongTermUser_getsEveryMessageEchoed() throws IOException {
    assertEveryMessageEchoed(
        "send-long-term",
        longTermServer,
        DataPath.SEND_INDICATION,
        false,
        new LongTermUser(USER, PASSWORD));
  }

  @Test
  void uclient_channelDataRestSecret_getsEveryMessageEchoed() throws IOException {
    assertEveryMessageEchoed(
        "channel-rest",
        restApiServer,
        DataPath.CHANNEL_DATA,
        false,
        new RestSecret(USER, REST_SECRET));
  }

  @Test
  void uclient_sendIndicationsRestSecretWithRtcpAllocations_getsEveryMessageEchoed()
      throws IOException {
    assertEveryMessageEchoed(
        "send-rest-rtcp",
        restApiServer,
        DataPath.SEND_INDICATION,
        true,
        new RestSecret(USER, REST_SECRET));
  }

  @Test
  void uclient_wrongPassword_cannotCompleteAllocationAndSendsNothing() throws IOException {
    TurnUclient.Result result =
        uclient(
                longTermServer,
                DataPath.CHANNEL_DATA,
                false,
                new LongTermUser(USER, PASSWORD + "-wrong"))
            .run(RUN_DEADLINE, OUTPUT.resolve("uclient-wrong-password.log"));

    String context = describe(result, longTermServer);
    assertThat(result.finished()).as(context).isTrue();
    assertThat(result.exitCode()).as(context).isNotZero();
    assertThat(result.output()).as(context).contains("Cannot complete Allocation");
    assertThat(result.statistics()).as(context).isEmpty();
  }

  private static void assertEveryMessageEchoed(
      String name,
      TurnServerUnderTest server,
      DataPath dataPath,
      boolean rtcpAllocations,
      Credentials credentials)
      throws IOException {
    TurnUclient uclient = uclient(server, dataPath, rtcpAllocations, credentials);
    TurnUclient.Result result =
        uclient.run(RUN_DEADLINE, OUTPUT.resolve("uclient-" + name + ".log"));

    String context = describe(result, server);
    assertThat(result.finished()).as("finished within %s; %s", RUN_DEADLINE, context).isTrue();
    assertThat(result.exitCode()).as(context).isZero();
    assertThat(result.statistics()).as("final statistics; %s", context).isPresent();
    UclientStatistics statistics = result.statistics().orElseThrow();
    assertThat(statistics.sent()).as(context).isEqualTo(uclient.expectedMessages());
    assertThat(statistics.received()).as(context).isEqualTo(statistics.sent());
    assertThat(statistics.lost()).as(context).isZero();
    assertThat(statistics.sendDropped()).as(context).isZero();
  }

  private static TurnUclient uclient(
      TurnServerUnderTest server,
      DataPath dataPath,
      boolean rtcpAllocations,
      Credentials credentials) {
    return new TurnUclient(
        server.address(),
        peer.address(),
        dataPath,
        rtcpAllocations,
        credentials,
        CLIENTS,
        MESSAGES_PER_CLIENT);
  }

  private static String describe(TurnUclient.Result result, TurnServerUnderTest server) {
    return "uclient output:\n"
        + result.output()
        + "\nserver log "
        + server.log()
        + " (tail):\n"
        + LogTail.of(server.log());
  }

  private static <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }
}
