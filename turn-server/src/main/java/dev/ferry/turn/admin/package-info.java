/**
 * The admin HTTP endpoints (DESIGN §8): Prometheus text exposition on {@code /metrics}, liveness on
 * {@code /healthz} and readiness on {@code /readyz}, served by the JDK's HTTP server on its own
 * small thread pool, never on an event loop.
 */
package dev.ferry.turn.admin;
