package dev.ferry.auth;

import java.time.Instant;

/** A minted REST API credential: what a web application hands to a WebRTC client. */
public record RestCredential(String username, SecretBytes password, Instant expiresAt) {

  /** The password as the client types it into RTCIceServer.credential. */
  public String passwordText() {
    return password.utf8();
  }
}
