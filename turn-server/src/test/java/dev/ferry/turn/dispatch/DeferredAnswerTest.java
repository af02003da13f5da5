package dev.ferry.turn.dispatch;

import static dev.ferry.turn.dispatch.TurnHarness.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.auth.RequestAuthenticator;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.turn.TurnClient;
import dev.ferry.turn.allocation.AllocationLimits;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answers written after an uncached lookup in a source that may block are counted like immediate
 * ones: {@code stun_requests_total} and {@code stun_responses_total} when the answer leaves, not
 * before. Static users never take that path.
 */
class DeferredAnswerTest {
  private final Queue<Runnable> lookups = new ArrayDeque<>();
  private final TurnHarness h = new TurnHarness(AllocationLimits.DEFAULTS, 10, 100, lookups::add);

  @AfterEach
  void close() {
    h.close();
  }

  /** Runs the queued lookups (and the cache's own housekeeping), then the deferred answers. */
  private void completeLookups() {
    while (!lookups.isEmpty()) {
      lookups.remove().run();
    }
    h.runPendingTasks();
  }

  private double allocateRequests() {
    return udpCounter("stun.requests", "method", "allocate");
  }

  private double responses(String cls) {
    return udpCounter("stun.responses", "class", cls);
  }

  private double udpCounter(String name, String tag, String value) {
    return h.registry.get(name).tags(tag, value, "transport", "udp").counter().count();
  }

  @Test
  void allocate_lookupPending_answersNothingAndCountsNothingYet() {
    TurnClient client = h.alice(CLIENT);
    double requests = allocateRequests();
    double successes = responses("success");

    h.receive(client.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)), CLIENT);

    assertThat(h.nextTo(CLIENT)).isNull();
    assertThat(lookups).isNotEmpty();
    assertThat(allocateRequests()).isEqualTo(requests);
    assertThat(responses("success")).isEqualTo(successes);
    completeLookups();
    assertThat(h.nextTo(CLIENT)).as("the answer, once looked up").isNotNull();
  }

  @Test
  void allocate_lookupCompletes_countsRequestAndSuccessResponseWhenWritten() {
    TurnClient client = h.alice(CLIENT);
    double requests = allocateRequests();
    double successes = responses("success");
    double errors = responses("error");
    h.receive(client.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)), CLIENT);

    completeLookups();

    byte[] answer = h.nextTo(CLIENT);
    assertThat(answer).isNotNull();
    assertThat(TurnClient.wrap(answer).messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(allocateRequests()).isEqualTo(requests + 1);
    assertThat(responses("success")).isEqualTo(successes + 1);
    assertThat(responses("error")).isEqualTo(errors);
  }

  @Test
  void allocate_lookupCompletesWithWrongPassword_countsRequestAndErrorResponse() {
    TurnClient mallory = h.authenticated(new TurnClient("alice", "not-her-password"), CLIENT);
    double requests = allocateRequests();
    double errors = responses("error");
    h.receive(mallory.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)), CLIENT);

    completeLookups();

    byte[] answer = h.nextTo(CLIENT);
    assertThat(answer).isNotNull();
    assertThat(ErrorCode.code(TurnClient.wrap(answer))).isEqualTo(401);
    assertThat(allocateRequests()).isEqualTo(requests + 1);
    assertThat(responses("error")).isEqualTo(errors + 1);
  }

  @Test
  void allocate_staticUsers_answeredAtOnceWithoutTheLookupExecutor() {
    Queue<Runnable> unused = new ArrayDeque<>();
    TurnHarness inline =
        new TurnHarness(
            AllocationLimits.DEFAULTS,
            10,
            100,
            RequestAuthenticator.fromConfig(TurnHarness.users(), unused::add, Clock.systemUTC()));
    try {
      TurnClient client = inline.alice(CLIENT);

      inline.receive(client.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)), CLIENT);

      byte[] answer = inline.nextTo(CLIENT);
      assertThat(answer).isNotNull();
      assertThat(TurnClient.wrap(answer).messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
      assertThat(unused).isEmpty();
    } finally {
      inline.close();
    }
  }
}
