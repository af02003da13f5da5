package dev.ferry.turn.config;

import dev.ferry.turn.nativeudp.SchedulerSlice;
import dev.ferry.turn.nativeudp.WakeupCoalescing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * coturn's option names (the keys of {@code turnserver.conf} and the long options of {@code
 * turnserver}) and what Ferry does with each, so that the same table drives the config file reader,
 * the command line and the environment ({@code TURND_} plus the name in upper case). A few
 * Ferry-only names ({@code transport}, {@code io-threads}, {@code state-dir}, {@code
 * max-permissions}, {@code max-channels}, {@code unauthenticated-rate}, {@code
 * unauthenticated-burst}, {@code admin-listen}, {@code no-admin}) live here too, so they work in
 * every source.
 */
public final class CoturnOptions {

  /** What Ferry does with an option. */
  public enum Handling {
    /** Sets a {@link ConfigKey}. */
    MAPPED,
    /** Asks for what Ferry always does: accepted without a word. */
    ALREADY_ON,
    /** Turns off something Ferry does not have: accepted with a one-line notice. */
    NOTICE,
    /** Asks for a feature Ferry lacks: refused, never silently ignored. */
    UNSUPPORTED
  }

  /** How many values the option takes. */
  public enum Arity {
    NONE,
    ONE,
    /** {@code stale-nonce} and {@code stale-nonce=600}. */
    OPTIONAL
  }

  /**
   * One option.
   *
   * @param name the long name without dashes, as in {@code turnserver.conf}
   * @param shortName coturn's one-letter option, or null
   * @param handling what Ferry does with it
   * @param key the key it sets ({@code MAPPED} only)
   * @param arity how many values it takes
   * @param implied the value a bare flag stands for ({@code "true"}, {@code "false"}, a default)
   * @param text help text for mapped options, the reason for the others
   */
  public record Option(
      String name,
      String shortName,
      Handling handling,
      ConfigKey key,
      Arity arity,
      String implied,
      String text) {

    /** The environment variable that sets this option. */
    public String environmentName() {
      return "TURND_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
  }

  private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

  static {
    value("listening-ip", "L", ConfigKey.LISTENING_IPS, "Address to listen on (repeatable).");
    value("listening-port", "p", ConfigKey.LISTENING_PORT, "UDP and TCP port (default 3478).");
    flag("no-udp", null, ConfigKey.UDP, "false", "Do not listen on UDP.");
    flag("no-tcp", null, ConfigKey.TCP, "false", "Do not listen on TCP.");
    value("relay-ip", "E", ConfigKey.RELAY_IPS, "Address relay sockets bind to (repeatable).");
    value(
        "external-ip",
        "X",
        ConfigKey.EXTERNAL_IPS,
        "Public address to advertise: PUBLIC or PUBLIC/PRIVATE (repeatable).");
    value("min-port", null, ConfigKey.MIN_PORT, "Lowest relay port (default 49152).");
    value("max-port", null, ConfigKey.MAX_PORT, "Highest relay port (default 65535).");
    value("realm", "r", ConfigKey.REALM, "Realm (default ferry).");
    value("user", "u", ConfigKey.USERS, "Static user name:password or name:0xKEY (repeatable).");
    value(
        "static-auth-secret",
        null,
        ConfigKey.STATIC_AUTH_SECRETS,
        "REST API shared secret (repeatable; the first mints). Prefer TURND_STATIC_AUTH_SECRET_FILE.");
    flag(
        "use-auth-secret",
        null,
        ConfigKey.USE_AUTH_SECRET,
        "true",
        "Require a REST shared secret (coturn's switch; Ferry enables REST when a secret is set).");
    value(
        "rest-api-separator",
        null,
        ConfigKey.REST_SEPARATOR,
        "Separator between expiry and user in REST usernames (default ':').");
    put(
        new Option(
            "stale-nonce",
            null,
            Handling.MAPPED,
            ConfigKey.STALE_NONCE,
            Arity.OPTIONAL,
            "600",
            "Nonce lifetime in seconds (default 600)."));
    value(
        "max-allocate-lifetime",
        null,
        ConfigKey.ALLOCATION_MAX_LIFETIME,
        "Longest allocation lifetime in seconds (default 3600).");
    value(
        "permission-lifetime",
        null,
        ConfigKey.PERMISSION_LIFETIME,
        "Permission lifetime in seconds (default 300).");
    value(
        "channel-lifetime",
        null,
        ConfigKey.CHANNEL_LIFETIME,
        "Channel binding lifetime in seconds (default 600).");
    value("user-quota", null, ConfigKey.USER_QUOTA, "Allocations per user (0: no limit).");
    value("total-quota", null, ConfigKey.TOTAL_QUOTA, "Allocations in total (0: no limit).");
    value("max-permissions", null, ConfigKey.PERMISSIONS_QUOTA, "Permissions per allocation.");
    value("max-channels", null, ConfigKey.CHANNELS_QUOTA, "Channel bindings per allocation.");
    value(
        "unauthenticated-rate",
        null,
        ConfigKey.UNAUTHENTICATED_RATE,
        "Error responses per second to unauthenticated requests, per source IP (default 500).");
    value(
        "unauthenticated-burst",
        null,
        ConfigKey.UNAUTHENTICATED_BURST,
        "Burst of error responses to unauthenticated requests (default 1000).");
    value(
        "allowed-peer-ip",
        null,
        ConfigKey.ALLOWED_PEERS,
        "Peer IP, CIDR or range opened despite the default deny list (repeatable).");
    value(
        "denied-peer-ip",
        null,
        ConfigKey.DENIED_PEERS,
        "Peer IP, CIDR or range always refused (repeatable).");
    flag(
        "allow-loopback-peers",
        null,
        ConfigKey.ALLOW_LOOPBACK_PEERS,
        "true",
        "Allow loopback peers (tests only).");
    flag(
        "no-multicast-peers",
        null,
        ConfigKey.NO_MULTICAST_PEERS,
        "true",
        "Refuse multicast peers (denied by default anyway).");
    value("log-file", "l", ConfigKey.LOG_FILE, "Log to this file ('stdout' for standard output).");
    flag("verbose", "v", ConfigKey.VERBOSE, "true", "Debug logging.");
    flag("Verbose", "V", ConfigKey.VERBOSE, "true", "Debug logging (coturn's extra verbose).");
    value("transport", null, ConfigKey.TRANSPORT, "I/O transport: auto, io_uring, epoll or nio.");
    value(
        "udp-io",
        null,
        ConfigKey.UDP_IO,
        "UDP socket I/O: auto (native with epoll when libferryudp loads), native or netty.");
    value(
        "io-threads",
        null,
        ConfigKey.IO_THREADS,
        "Event loop threads, 1-"
            + ServerConfig.MAX_IO_THREADS
            + " (default: one per two CPUs, at least one).");
    value(
        "io-slice-us",
        null,
        ConfigKey.IO_SLICE_US,
        "Scheduler slice of the event loop threads in µs, "
            + SchedulerSlice.MIN_MICROS
            + "-"
            + SchedulerSlice.MAX_MICROS
            + ", or 0 for the kernel's default (default: "
            + ServerConfig.DEFAULT_IO_SLICE_MICROS
            + "; Linux 6.12+).");
    value(
        "io-coalesce-us",
        null,
        ConfigKey.IO_COALESCE_US,
        "Pause of an epoll event loop after a round that read "
            + WakeupCoalescing.BUSY_ROUND
            + " datagrams or more at a sustained rate, in µs, 0-"
            + ServerConfig.MAX_IO_COALESCE_MICROS
            + ", 0 never (default: "
            + ServerConfig.DEFAULT_IO_COALESCE_MICROS
            + "): under heavy load each wake-up then carries more datagrams.");
    value(
        "relay-threads",
        null,
        ConfigKey.IO_THREADS,
        "coturn's relay threads: Ferry's event loops, which both listen and relay (io-threads).");
    value("state-dir", null, ConfigKey.STATE_DIR, "Where the generated REST secret is kept.");
    value(
        "admin-listen",
        null,
        ConfigKey.ADMIN_LISTEN,
        "Address IP:PORT of /metrics, /healthz and /readyz (default 127.0.0.1:9641).");
    flag("no-admin", null, ConfigKey.ADMIN, "false", "Serve no /metrics, /healthz or /readyz.");
    flag(
        "prometheus",
        null,
        ConfigKey.ADMIN,
        "true",
        "Serve /metrics (coturn's switch; Ferry serves it unless no-admin).");
    value(
        "prometheus-port",
        null,
        ConfigKey.ADMIN_PORT,
        "Port of /metrics, /healthz and /readyz on 127.0.0.1 (admin-listen wins if given).");

    already("lt-cred-mech", "a", "Ferry always uses the long-term credential mechanism.");
    already("fingerprint", "f", "Ferry always adds FINGERPRINT to its responses.");
    already("simple-log", null, "Ferry always writes the log to the exact path given.");
    already("no-loopback-peers", null, "Loopback peers are denied unless allow-loopback-peers.");

    notice("no-cli", "Ferry has no telnet CLI.");
    notice("no-rfc5780", "Ferry does not offer RFC 5780 NAT behaviour discovery.");
    notice(
        "response-origin-only-with-rfc5780",
        "Ferry does not offer RFC 5780 NAT behaviour discovery.");
    notice(
        "no-stun-backward-compatibility",
        "Ferry does not speak the classic RFC 3489 STUN dialect.");
    notice("no-tls", "Ferry has no TLS listener yet.");
    notice("no-dtls", "Ferry has no DTLS listener yet.");
    notice("no-tlsv1", "Ferry has no TLS listener yet.");
    notice("no-tlsv1_1", "Ferry has no TLS listener yet.");
    notice("no-tlsv1_2", "Ferry has no TLS listener yet.");
    notice("no-tcp-relay", "Ferry does not relay over TCP (RFC 6062) yet.");
    notice("no-stdout-log", "Ferry logs to standard error, or to log-file when given.");
    notice(
        "syslog",
        "Ferry logs to standard error (journald collects it under systemd) or to log-file.");
    noticeWithValue("pidfile", "Ferry writes no pid file; systemd tracks the process.");
    noticeWithValue("cli-max-output-sessions", "Ferry has no telnet CLI.");
    noticeWithValue("new-log-timestamp-format", "Ferry's log lines carry ISO 8601 timestamps.");
    notice("new-log-timestamp", "Ferry's log lines carry ISO 8601 timestamps.");

    for (String tls :
        List.of(
            "cert",
            "pkey",
            "pkey-pwd",
            "cipher-list",
            "ca-file",
            "dh-file",
            "ec-curve-name",
            "tls-listening-port",
            "alt-tls-listening-port",
            "tls-alternate-server")) {
      unsupported(tls, Arity.ONE, "TLS and DTLS are not in Ferry yet.");
    }
    unsupported("dh566", Arity.NONE, "TLS and DTLS are not in Ferry yet.");
    unsupported("dh1066", Arity.NONE, "TLS and DTLS are not in Ferry yet.");
    for (String db :
        List.of(
            "userdb",
            "redis-userdb",
            "redis-statsdb",
            "psql-userdb",
            "mysql-userdb",
            "mongo-userdb",
            "secret-key-file")) {
      unsupported(
          db, Arity.ONE, "Ferry reads users and secrets from its configuration, not a database.");
    }
    unsupported("oauth", Arity.NONE, "Ferry has no third-party (OAuth) authorization.");
    unsupported("no-auth", Arity.NONE, "Ferry always authenticates TURN requests.");
    unsupported("cli-password", Arity.ONE, "Ferry has no telnet CLI; use turnctl.");
    unsupported("cli-ip", Arity.ONE, "Ferry has no telnet CLI; use turnctl.");
    unsupported("cli-port", Arity.ONE, "Ferry has no telnet CLI; use turnctl.");
    unsupported("web-admin", Arity.NONE, "Ferry has no web admin page.");
    unsupported("web-admin-ip", Arity.ONE, "Ferry has no web admin page.");
    unsupported("web-admin-port", Arity.ONE, "Ferry has no web admin page.");
    unsupported("web-admin-listen-on-workers", Arity.NONE, "Ferry has no web admin page.");
    unsupported(
        "prometheus-username-labels",
        Arity.NONE,
        "Ferry never labels metrics per user (label sets stay bounded).");
    unsupported("no-software-attribute", Arity.NONE, "Ferry always sends SOFTWARE for now.");
    unsupported("no-udp-relay", Arity.NONE, "Ferry relays over UDP and cannot turn it off.");
    unsupported("stun-only", Arity.NONE, "Ferry cannot turn TURN off.");
    unsupported("no-stun", Arity.NONE, "Ferry cannot turn STUN off.");
    unsupported("secure-stun", Arity.NONE, "Ferry answers Binding requests without auth.");
    unsupported("mobility", Arity.NONE, "Ferry has no ICE mobility (RFC 8016) yet.");
    unsupported("alternate-server", Arity.ONE, "Ferry sends no ALTERNATE-SERVER redirects.");
    unsupported("aux-server", Arity.ONE, "Ferry has no auxiliary servers.");
    unsupported("udp-self-balance", Arity.NONE, "Ferry has no auxiliary servers.");
    unsupported("alt-listening-port", Arity.ONE, "Ferry has no RFC 5780 alternate port.");
    unsupported("listening-device", Arity.ONE, "Ferry does not bind to devices.");
    unsupported("relay-device", Arity.ONE, "Ferry does not bind to devices.");
    unsupported("max-bps", Arity.ONE, "Bandwidth limits are not in Ferry yet.");
    unsupported("bps-capacity", Arity.ONE, "Bandwidth limits are not in Ferry yet.");
    unsupported("proc-user", Arity.ONE, "Ferry does not drop privileges; run it as a user.");
    unsupported("proc-group", Arity.ONE, "Ferry does not drop privileges; run it as a user.");
    unsupported("server-relay", Arity.NONE, "Ferry has no server relay mode.");
    unsupported("check-origin-consistency", Arity.NONE, "Ferry does not check ORIGIN.");
    unsupported("keep-address-family", Arity.NONE, "Ferry has no address family option yet.");
    unsupported(
        "allocation-default-address-family", Arity.ONE, "Ferry has no address family option yet.");
    unsupported("tcp-proxy-port", Arity.ONE, "Ferry has no TCP proxy mode.");
    unsupported("acme-redirect", Arity.ONE, "Ferry has no ACME redirect.");
    unsupported("log-binding", Arity.NONE, "Ferry does not log Binding requests.");
    unsupported("syslog-facility", Arity.ONE, "Ferry does not log to syslog.");
    unsupported("server-name", Arity.ONE, "Ferry has no server-name option; set realm.");
    unsupported("max-allocate-timeout", Arity.ONE, "Ferry has no allocate timeout option.");
  }

  private CoturnOptions() {}

  /** The option named {@code name} (without dashes; case matters, as in coturn). */
  public static Optional<Option> find(String name) {
    return Optional.ofNullable(OPTIONS.get(name));
  }

  /** Every known option, mapped ones first. */
  public static List<Option> all() {
    return List.copyOf(OPTIONS.values());
  }

  private static void value(String name, String shortName, ConfigKey key, String text) {
    put(new Option(name, shortName, Handling.MAPPED, key, Arity.ONE, null, text));
  }

  private static void flag(
      String name, String shortName, ConfigKey key, String implied, String text) {
    put(new Option(name, shortName, Handling.MAPPED, key, Arity.NONE, implied, text));
  }

  private static void already(String name, String shortName, String text) {
    put(new Option(name, shortName, Handling.ALREADY_ON, null, Arity.NONE, null, text));
  }

  private static void notice(String name, String text) {
    put(new Option(name, null, Handling.NOTICE, null, Arity.NONE, null, text));
  }

  private static void noticeWithValue(String name, String text) {
    put(new Option(name, null, Handling.NOTICE, null, Arity.ONE, null, text));
  }

  private static void unsupported(String name, Arity arity, String text) {
    put(new Option(name, null, Handling.UNSUPPORTED, null, arity, null, text));
  }

  private static void put(Option option) {
    if (OPTIONS.putIfAbsent(option.name(), option) != null) {
      throw new AssertionError("option listed twice: " + option.name());
    }
  }
}
