package dev.ferry.turn.transport;

/**
 * The transport picked at start and why, so the reason can be logged once.
 *
 * @param kind the transport to use
 * @param reason why this one (names the unavailable better ones and their causes)
 */
public record TransportChoice(TransportKind kind, String reason) {}
