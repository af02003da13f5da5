/** Prometheus meters with bounded label sets, resolved once at start (no lookups per packet). */
package dev.ferry.turn.metrics;
