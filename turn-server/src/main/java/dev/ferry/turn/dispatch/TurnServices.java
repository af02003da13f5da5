package dev.ferry.turn.dispatch;

import dev.ferry.auth.RequestAuthenticator;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.policy.PeerAddressPolicy;
import dev.ferry.turn.relay.RelayAddresses;
import dev.ferry.turn.relay.RelayChannelFactory;
import dev.ferry.turn.relay.RelayPortPool;
import dev.ferry.turn.relay.ReservationTokens;
import dev.ferry.turn.relay.TurnLoops;

/**
 * The server-wide collaborators of the TURN handlers, built once at start (thread-safe, shared by
 * every event loop); per-loop state lives in {@link TurnLoops}.
 *
 * @param authenticator long-term credential checks (RFC 8489 §9.2.4)
 * @param policy which peers may be reached (RFC 8656 §21)
 * @param ports the relay port pool
 * @param tokens EVEN-PORT reservations
 * @param addresses which IP a relay binds and which one is advertised
 * @param relays opens relay sockets
 * @param limits caps and lifetimes
 * @param loops per-loop state
 * @param metrics TURN meters
 * @param clock monotonic time for every deadline
 * @param responses response builder
 */
public record TurnServices(
    RequestAuthenticator authenticator,
    PeerAddressPolicy policy,
    RelayPortPool ports,
    ReservationTokens tokens,
    RelayAddresses addresses,
    RelayChannelFactory relays,
    AllocationLimits limits,
    TurnLoops loops,
    TurnMetrics metrics,
    NanoClock clock,
    TurnResponses responses) {}
