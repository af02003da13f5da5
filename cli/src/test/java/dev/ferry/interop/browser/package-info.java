/**
 * Interop tests in which headless Chromium calls itself through a TURN server in relay-only mode
 * (RFC 8656 relaying, RFC 8445 ICE, RFC 8489 long-term and TURN REST credentials).
 */
package dev.ferry.interop.browser;
