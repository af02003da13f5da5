package dev.ferry.interop.browser;

import com.google.gson.JsonObject;
import java.time.Duration;

/**
 * The loaded {@code relay-call.html} page: runs one relay-only call through a TURN server and hands
 * back the page's own report of it.
 */
public final class RelayCallPage {

  /** How much longer than the page's own deadline the test waits for the page to answer. */
  private static final Duration PAGE_MARGIN = Duration.ofSeconds(20);

  private final DevToolsSession session;

  public RelayCallPage(DevToolsSession session) {
    this.session = session;
  }

  /**
   * Calls from one peer connection to the other through {@code turnUri} only, sends {@code
   * messageCount} data channel messages and a fake camera track, and returns the page's JSON
   * report; the page gives up by itself after {@code deadline}.
   */
  public String call(
      String turnUri, String username, String password, int messageCount, Duration deadline) {
    JsonObject plan = new JsonObject();
    plan.addProperty("turnUri", turnUri);
    plan.addProperty("username", username);
    plan.addProperty("password", password);
    plan.addProperty("messageCount", messageCount);
    plan.addProperty("deadlineMillis", deadline.toMillis());
    return session.evaluateToString("runRelayCall(" + plan + ")", deadline.plus(PAGE_MARGIN));
  }
}
