package dev.ferry.turn.allocation;

/**
 * What an Allocate request asks for once the dispatch layer has authenticated and parsed it.
 *
 * @param fiveTuple the request's 5-tuple
 * @param transactionId the Allocate's transaction ID, kept for retransmissions
 * @param username the authenticated username (quotas count per username)
 * @param realm the realm the username was authenticated in
 * @param relayedAddress the relayed transport address chosen for the allocation
 * @param requestedLifetimeSeconds LIFETIME, or {@link LifetimePolicy#NOT_REQUESTED}
 * @param dontFragment whether DONT-FRAGMENT was present
 */
public record AllocationSpec(
    FiveTuple fiveTuple,
    TransactionId transactionId,
    String username,
    String realm,
    TransportAddress relayedAddress,
    long requestedLifetimeSeconds,
    boolean dontFragment) {

  public AllocationSpec {
    if (fiveTuple == null
        || transactionId == null
        || username == null
        || realm == null
        || relayedAddress == null) {
      throw new IllegalArgumentException("all of the allocation spec but the flags is required");
    }
  }
}
