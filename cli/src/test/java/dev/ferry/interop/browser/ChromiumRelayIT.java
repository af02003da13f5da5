package dev.ferry.interop.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.interop.RelayRange;
import dev.ferry.interop.ServerUnderTestChoice;
import dev.ferry.interop.TempFolders;
import dev.ferry.interop.TurnRestCredentials;
import dev.ferry.interop.TurnServerUnderTest;
import dev.ferry.interop.browser.RelayCallSummary.Candidate;
import dev.ferry.interop.browser.RelayCallSummary.SelectedPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Headless Chromium calls itself with {@code iceTransportPolicy: "relay"} through the TURN server
 * under test: data channel messages and camera frames must arrive over a relay/relay candidate
 * pair, and wrong credentials must leave the browser without a relay candidate.
 */
@EnabledIfSystemProperty(named = "ferry.interop", matches = "true")
class ChromiumRelayIT {

  private static final Path OUTPUT = Path.of("target", "interop-browser");
  private static final String USER = "alice";
  private static final String PASSWORD = "relay-only-please";
  private static final String REST_SECRET = "ferry-interop-shared-secret";
  private static final int MESSAGE_COUNT = 50;
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
  private static final Duration REFUSED_CALL_DEADLINE = Duration.ofSeconds(20);
  private static final Duration BROWSER_DEADLINE = Duration.ofSeconds(30);

  private static final List<AutoCloseable> started = new ArrayList<>();
  private static final List<String> pageEvents = Collections.synchronizedList(new ArrayList<>());
  private static TurnServerUnderTest longTermServer;
  private static TurnServerUnderTest restApiServer;
  private static RelayCallPage page;
  private static RelayCallSummary longTermCall;

  private static final ServerUnderTestChoice SERVER = ServerUnderTestChoice.fromSystemProperty();

  @BeforeAll
  static void startBrowserAndServers() throws IOException {
    if (!Files.isExecutable(HeadlessChromium.BINARY)) {
      fail(
          HeadlessChromium.BINARY
              + " is missing; the interop profile needs it: apt-get install chromium chromium-driver");
    }
    Files.createDirectories(OUTPUT);
    Path workDir = Files.createTempDirectory("ferry-turn-");
    started.add(() -> TempFolders.deleteRecursively(workDir));
    longTermServer =
        track(SERVER.startLongTerm(USER, PASSWORD, workDir.resolve("long-term"), OUTPUT));
    restApiServer =
        track(SERVER.startRestApi(REST_SECRET, USER, workDir.resolve("rest-api"), OUTPUT));
    TestPageServer pages = track(TestPageServer.start());
    HeadlessChromium chromium =
        track(HeadlessChromium.launch(OUTPUT.resolve("chromium.log"), BROWSER_DEADLINE));
    DevToolsSession session =
        track(
            chromium.openPage(
                pages.url("relay-call.html"),
                event -> pageEvents.add(event.toString()),
                BROWSER_DEADLINE));
    page = new RelayCallPage(session);
  }

  @AfterAll
  static void stopEverything() throws IOException {
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
    synchronized (pageEvents) {
      Files.write(OUTPUT.resolve("devtools-events.log"), pageEvents, StandardCharsets.UTF_8);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Test
  void relayCall_longTermCredentials_connectsBothPeerConnections() {
    RelayCallSummary call = longTermCall();

    assertThat(call.error()).as("page error").isNull();
    assertThat(call.connected()).as(call.toString()).isTrue();
  }

  @Test
  void relayCall_longTermCredentials_deliversEveryDataChannelMessageInOrder() {
    RelayCallSummary call = longTermCall();

    assertThat(call.messagesReceived())
        .as(call.toString())
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, MESSAGE_COUNT).mapToObj(i -> "message-" + i).toList());
  }

  @Test
  void relayCall_longTermCredentials_decodesGrowingRemoteVideo() {
    RelayCallSummary call = longTermCall();

    assertThat(call.videoFirst()).as(call.toString()).isNotNull();
    assertThat(call.videoFirst().framesDecoded()).as(call.toString()).isPositive();
    assertThat(call.videoLater().framesDecoded())
        .as(call.toString())
        .isGreaterThan(call.videoFirst().framesDecoded());
    assertThat(call.videoLater().bytesReceived())
        .as(call.toString())
        .isGreaterThan(call.videoFirst().bytesReceived());
  }

  @Test
  void relayCall_longTermCredentials_bothSidesSelectSucceededRelayRelayPair() {
    RelayCallSummary call = longTermCall();

    for (SelectedPair pair : List.of(call.callerPair(), call.calleePair())) {
      assertThat(pair).as(call.toString()).isNotNull();
      assertThat(pair.state()).as(call.toString()).isEqualTo("succeeded");
      assertThat(pair.nominated()).as(call.toString()).isTrue();
      assertThat(pair.local().candidateType()).as(call.toString()).isEqualTo("relay");
      assertThat(pair.remote().candidateType()).as(call.toString()).isEqualTo("relay");
    }
  }

  @Test
  void relayCall_longTermCredentials_pairsRunBetweenTheServersRelayedAddresses() {
    RelayCallSummary call = longTermCall();
    RelayRange relays = longTermServer.relayRange();

    assertThat(call.callerPair()).as(call.toString()).isNotNull();
    assertThat(call.calleePair()).as(call.toString()).isNotNull();
    for (Candidate candidate :
        List.of(
            call.callerPair().local(),
            call.callerPair().remote(),
            call.calleePair().local(),
            call.calleePair().remote())) {
      assertThat(relays.contains(candidate.address(), candidate.port()))
          .as("%s within %s", candidate, relays)
          .isTrue();
    }
    // Each side's remote is one the other side signalled. Not necessarily the other side's selected
    // local: with two relay candidates per side, the two agents may settle on different pairs.
    assertThat(endpoint(call.callerPair().remote()))
        .isIn(call.gathered().callee().stream().map(ChromiumRelayIT::endpoint).toList());
    assertThat(endpoint(call.calleePair().remote()))
        .isIn(call.gathered().caller().stream().map(ChromiumRelayIT::endpoint).toList());
  }

  @Test
  void relayCall_longTermCredentials_gathersOnlyRelayCandidatesOnTheServer() {
    RelayCallSummary call = longTermCall();
    RelayRange relays = longTermServer.relayRange();

    assertThat(call.gathered().caller()).as(call.toString()).isNotEmpty();
    assertThat(call.gathered().callee()).as(call.toString()).isNotEmpty();
    assertThat(call.allGathered())
        .allSatisfy(
            candidate -> {
              assertThat(candidate.candidateType()).isEqualTo("relay");
              assertThat(relays.contains(candidate.address(), candidate.port()))
                  .as("%s within %s", candidate, relays)
                  .isTrue();
            });
  }

  @Test
  void relayCall_restApiCredentials_deliversMessagesOverRelayRelayPair() throws IOException {
    RelayCallSummary call =
        call(
            "rest-api",
            restApiServer,
            restApiServer.username(),
            restApiServer.password(),
            CALL_DEADLINE);

    assertThat(call.connected()).as(call.toString()).isTrue();
    assertThat(call.messagesReceived()).as(call.toString()).hasSize(MESSAGE_COUNT);
    assertThat(call.callerPair().local().candidateType()).isEqualTo("relay");
    assertThat(call.callerPair().remote().candidateType()).isEqualTo("relay");
    assertThat(
            restApiServer
                .relayRange()
                .contains(call.callerPair().local().address(), call.callerPair().local().port()))
        .as(call.toString())
        .isTrue();
  }

  @Test
  void relayCall_wrongPassword_gathersNoRelayCandidateAndNeverConnects() throws IOException {
    RelayCallSummary call =
        call(
            "wrong-password",
            longTermServer,
            longTermServer.username(),
            longTermServer.password() + "-wrong",
            REFUSED_CALL_DEADLINE);

    assertRefused(call);
  }

  @Test
  void relayCall_expiredRestCredential_gathersNoRelayCandidateAndNeverConnects()
      throws IOException {
    TurnRestCredentials expired =
        TurnRestCredentials.mint(REST_SECRET, USER, Instant.now().minus(Duration.ofHours(1)));

    RelayCallSummary call =
        call(
            "expired-rest",
            restApiServer,
            expired.username(),
            expired.password(),
            REFUSED_CALL_DEADLINE);

    assertRefused(call);
  }

  private static void assertRefused(RelayCallSummary call) {
    // The page must have run the whole attempt; a broken page would also gather nothing.
    assertThat(call.error()).as(call.toString()).isNull();
    // And the server must have been reached and said no, rather than stayed silent.
    assertThat(call.candidateErrors())
        .as(call.toString())
        .isNotEmpty()
        .allSatisfy(error -> assertThat(error.errorCode()).isEqualTo(401));
    assertThat(call.allGathered()).as(call.toString()).isEmpty();
    assertThat(call.connected()).as(call.toString()).isFalse();
    assertThat(List.of(call.callerConnectionState(), call.calleeConnectionState()))
        .as(call.toString())
        .doesNotContain("connected");
    assertThat(call.messagesReceived()).as(call.toString()).isEmpty();
  }

  private static synchronized RelayCallSummary longTermCall() {
    if (longTermCall == null) {
      try {
        longTermCall =
            call(
                "long-term",
                longTermServer,
                longTermServer.username(),
                longTermServer.password(),
                CALL_DEADLINE);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return longTermCall;
  }

  private static RelayCallSummary call(
      String name, TurnServerUnderTest server, String username, String password, Duration deadline)
      throws IOException {
    String json = page.call(server.uri(), username, password, MESSAGE_COUNT, deadline);
    Files.writeString(OUTPUT.resolve("call-" + name + ".json"), json, StandardCharsets.UTF_8);
    return RelayCallSummary.fromJson(json);
  }

  private static String endpoint(Candidate candidate) {
    return candidate.address() + ":" + candidate.port();
  }

  private static <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }
}
