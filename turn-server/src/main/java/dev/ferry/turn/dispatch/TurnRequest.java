package dev.ferry.turn.dispatch;

import dev.ferry.auth.AuthResult;
import dev.ferry.stun.StunMessage;
import dev.ferry.turn.allocation.FiveTuple;
import dev.ferry.turn.allocation.TransactionId;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.TurnLoop;
import java.net.InetSocketAddress;

/**
 * One authenticated TURN request as the method handlers see it.
 *
 * @param message the wrapped request; valid only during the handler call
 * @param auth who sent it and the key its response is protected with
 * @param source the client's transport address
 * @param fiveTuple the request's 5-tuple
 * @param transactionId the request's transaction ID
 * @param link the listener or connection it arrived on
 * @param now the clock reading for this request
 */
public record TurnRequest(
    StunMessage message,
    AuthResult.Authenticated auth,
    InetSocketAddress source,
    FiveTuple fiveTuple,
    TransactionId transactionId,
    ClientLink link,
    long now) {

  /** This link's loop state. */
  public TurnLoop loop() {
    return link.loop();
  }
}
