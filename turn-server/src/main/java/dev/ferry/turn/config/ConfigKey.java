package dev.ferry.turn.config;

/**
 * One setting the operator can give, whatever the source; each source spells it its own way (a YAML
 * path, a coturn key, an option, an environment variable) and maps to this key.
 */
public enum ConfigKey {
  LISTENING_IPS(true, false),
  LISTENING_PORT(false, false),
  UDP(false, false),
  TCP(false, false),
  RELAY_IPS(true, false),
  MIN_PORT(false, false),
  MAX_PORT(false, false),
  EXTERNAL_IPS(true, false),
  REALM(false, false),
  USERS(true, true),
  STATIC_AUTH_SECRETS(true, true),
  USE_AUTH_SECRET(false, false),
  REST_SEPARATOR(false, false),
  STALE_NONCE(false, false),
  ALLOCATION_MAX_LIFETIME(false, false),
  PERMISSION_LIFETIME(false, false),
  CHANNEL_LIFETIME(false, false),
  USER_QUOTA(false, false),
  TOTAL_QUOTA(false, false),
  PERMISSIONS_QUOTA(false, false),
  CHANNELS_QUOTA(false, false),
  UNAUTHENTICATED_RATE(false, false),
  UNAUTHENTICATED_BURST(false, false),
  ALLOWED_PEERS(true, false),
  DENIED_PEERS(true, false),
  ALLOW_LOOPBACK_PEERS(false, false),
  NO_MULTICAST_PEERS(false, false),
  LOG_FILE(false, false),
  VERBOSE(false, false),
  TRANSPORT(false, false),
  UDP_IO(false, false),
  IO_THREADS(false, false),
  IO_SLICE_US(false, false),
  IO_COALESCE_US(false, false),
  STATE_DIR(false, false),
  ADMIN(false, false),
  ADMIN_LISTEN(false, false),
  ADMIN_PORT(false, false);

  private final boolean list;
  private final boolean secret;

  ConfigKey(boolean list, boolean secret) {
    this.list = list;
    this.secret = secret;
  }

  /** Whether the key takes several values (repeated options, YAML sequences). */
  public boolean isList() {
    return list;
  }

  /** Whether values are secret: they are never echoed in messages. */
  public boolean isSecret() {
    return secret;
  }
}
