/**
 * Server configuration: one immutable record with the defaults coturn users expect (RFC 8656 §5),
 * assembled from the command line, {@code TURND_*} variables, {@code turnd.yaml} or coturn's {@code
 * turnserver.conf}, and the built-in defaults, with errors naming key and source.
 */
package dev.ferry.turn.config;
