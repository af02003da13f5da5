package dev.ferry.turn.config;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.Realm;
import dev.ferry.auth.SecretBytes;
import dev.ferry.auth.SharedSecrets;
import dev.ferry.auth.StaticUserEntry;
import dev.ferry.auth.StaticUsers;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.LifetimePolicy;
import dev.ferry.turn.nativeudp.SchedulerSlice;
import dev.ferry.turn.policy.AddressEntryException;
import dev.ferry.turn.policy.AddressRange;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Turns merged raw settings into a validated {@link TurndConfig}, starting from the built-in
 * defaults. Every error names the key as the operator wrote it and where (file and line, variable,
 * option), and never echoes a secret.
 */
public final class ConfigAssembler {
  private final Settings settings;

  private ConfigAssembler(Settings settings) {
    this.settings = settings;
  }

  /** Layers the sources, lowest first, and assembles the result. */
  public static TurndConfig assemble(Settings file, Settings environment, Settings commandLine)
      throws ConfigException {
    return assemble(file.overriddenBy(environment).overriddenBy(commandLine));
  }

  /** Assembles one merged set of settings. */
  public static TurndConfig assemble(Settings merged) throws ConfigException {
    return new ConfigAssembler(merged).build();
  }

  private TurndConfig build() throws ConfigException {
    ServerConfig defaults = ServerConfig.defaults();
    List<InetAddress> listening = ips(ConfigKey.LISTENING_IPS, defaults.listeningIps());
    int port = port(ConfigKey.LISTENING_PORT, defaults.port());
    boolean udp = bool(ConfigKey.UDP, defaults.udp());
    boolean tcp = bool(ConfigKey.TCP, defaults.tcp());
    if (!udp && !tcp) {
      SettingOrigin origin = settings.last(ConfigKey.TCP).orElseThrow().origin();
      throw ConfigException.at(origin, "UDP and TCP both turned off leave nothing to listen on");
    }
    TransportPreference transport = transport(defaults.transport());
    AuthResult auth = auth();
    ServerConfig server =
        new ServerConfig(
            listening,
            port,
            udp,
            tcp,
            transport,
            ioThreads(defaults.ioThreads()),
            ioSliceMicros(defaults.ioSliceMicros()),
            ioCoalesceMicros(defaults.ioCoalesceMicros()),
            defaults.udpMaxDatagramSize(),
            defaults.udpReadBatch(),
            udpIo(defaults.udpIo()),
            turn(auth.config()),
            admin(defaults.adminAddress()));
    String logFile = settings.last(ConfigKey.LOG_FILE).map(SettingValue::text).orElse(null);
    boolean verbose = bool(ConfigKey.VERBOSE, false);
    Path stateDir =
        settings.last(ConfigKey.STATE_DIR).map(v -> Path.of(v.text().strip())).orElse(null);
    return new TurndConfig(
        server, logFile, verbose, stateDir, auth.credentialsConfigured(), settings.notices());
  }

  /**
   * The admin address, null when turned off. {@code admin-listen} gives IP and port; coturn's
   * {@code prometheus-port} only the port, and loses to {@code admin-listen} wherever that is set.
   */
  private InetSocketAddress admin(InetSocketAddress fallback) throws ConfigException {
    if (!bool(ConfigKey.ADMIN, true)) {
      return null;
    }
    Optional<SettingValue> listen = settings.last(ConfigKey.ADMIN_LISTEN);
    if (listen.isPresent()) {
      String text = listen.get().text().strip();
      return SocketAddressLiteral.parse(text)
          .orElseThrow(
              () ->
                  ConfigException.at(
                      listen.get().origin(),
                      "'" + text + "' is not IP:PORT (like 127.0.0.1:9641 or [::1]:9641)"));
    }
    if (settings.has(ConfigKey.ADMIN_PORT)) {
      return new InetSocketAddress(
          fallback.getAddress(), port(ConfigKey.ADMIN_PORT, fallback.getPort()));
    }
    return fallback;
  }

  private record AuthResult(AuthConfig config, boolean credentialsConfigured) {}

  private AuthResult auth() throws ConfigException {
    Realm realm = new Realm(TurnConfig.DEFAULT_REALM);
    Optional<SettingValue> realmValue = settings.last(ConfigKey.REALM);
    if (realmValue.isPresent()) {
      try {
        realm = new Realm(realmValue.get().text().strip());
      } catch (IllegalArgumentException e) {
        throw ConfigException.at(realmValue.get().origin(), e.getMessage());
      }
    }
    AuthConfig auth = AuthConfig.defaults(realm);
    List<SettingValue> userLines = expand(ConfigKey.USERS);
    List<SettingValue> secretLines = expand(ConfigKey.STATIC_AUTH_SECRETS);
    if (!userLines.isEmpty()) {
      auth = auth.withStaticUsers(users(realm, userLines));
    }
    char separator = separator(auth.restSeparator());
    List<SecretBytes> secrets = new ArrayList<>();
    for (SettingValue line : secretLines) {
      if (line.text().isEmpty()) {
        throw ConfigException.at(line.origin(), "a REST shared secret must not be empty");
      }
      secrets.add(SecretBytes.ofUtf8(line.text()));
    }
    Optional<SettingValue> useAuthSecret = settings.last(ConfigKey.USE_AUTH_SECRET);
    if (useAuthSecret.isPresent() && bool(ConfigKey.USE_AUTH_SECRET, false) && secrets.isEmpty()) {
      throw ConfigException.at(
          useAuthSecret.get().origin(),
          "needs static-auth-secret (Ferry keeps no secrets in a database)");
    }
    auth = auth.withRestSecrets(SharedSecrets.of(secrets), separator);
    Optional<SettingValue> nonce = settings.last(ConfigKey.STALE_NONCE);
    if (nonce.isPresent()) {
      auth = auth.withNonceLifetime(Duration.ofSeconds(seconds(nonce.get())));
    }
    return new AuthResult(auth, !userLines.isEmpty() || !secrets.isEmpty());
  }

  private static StaticUsers users(Realm realm, List<SettingValue> lines) throws ConfigException {
    List<StaticUserEntry> entries = new ArrayList<>();
    Map<String, SettingOrigin> firstByName = new HashMap<>();
    try {
      for (SettingValue line : lines) {
        StaticUserEntry.Parsed parsed = StaticUserEntry.parse(line.text().strip());
        if (parsed instanceof StaticUserEntry.Error error) {
          throw ConfigException.at(line.origin(), error.message());
        }
        StaticUserEntry entry = ((StaticUserEntry.Ok) parsed).entry();
        entries.add(entry);
        SettingOrigin earlier = firstByName.putIfAbsent(entry.name(), line.origin());
        if (earlier != null) {
          throw ConfigException.at(
              line.origin(), "user '" + entry.name() + "' is already defined at " + earlier);
        }
      }
      try {
        return StaticUsers.of(realm, entries);
      } catch (IllegalArgumentException e) {
        throw ConfigException.at(lines.get(0).origin(), e.getMessage());
      }
    } finally {
      for (StaticUserEntry entry : entries) {
        if (entry.secret() instanceof StaticUserEntry.Password password) {
          password.password().wipe();
        }
      }
    }
  }

  /** The values of a secret key, with file references replaced by the files' lines. */
  private List<SettingValue> expand(ConfigKey key) throws ConfigException {
    List<SettingValue> out = new ArrayList<>();
    for (SettingValue value : settings.get(key).orElse(List.of())) {
      if (!value.fileReference()) {
        out.add(value);
        continue;
      }
      Path path = Path.of(value.text());
      List<String> lines;
      try {
        lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw ConfigException.at(
            value.origin(), "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
      }
      boolean any = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(SettingValue.of(line, SettingOrigin.file(path, i + 1, value.origin().key())));
          any = true;
        }
      }
      if (!any) {
        throw ConfigException.at(value.origin(), path + " holds no value");
      }
    }
    return out;
  }

  private char separator(char fallback) throws ConfigException {
    Optional<SettingValue> value = settings.last(ConfigKey.REST_SEPARATOR);
    if (value.isEmpty()) {
      return fallback;
    }
    String text = value.get().text();
    if (text.length() != 1) {
      throw ConfigException.at(value.get().origin(), "must be exactly one character");
    }
    return text.charAt(0);
  }

  private TurnConfig turn(AuthConfig auth) throws ConfigException {
    TurnConfig defaults = TurnConfig.defaults();
    LifetimePolicy rfc = defaults.lifetimes();
    long max = seconds(ConfigKey.ALLOCATION_MAX_LIFETIME, rfc.maxAllocationSeconds());
    long permission = seconds(ConfigKey.PERMISSION_LIFETIME, rfc.permissionSeconds());
    long channel = seconds(ConfigKey.CHANNEL_LIFETIME, rfc.channelSeconds());
    // A maximum below the RFC default lowers the default with it (coturn does the same).
    LifetimePolicy lifetimes =
        new LifetimePolicy(
            Math.min(rfc.defaultAllocationSeconds(), max),
            max,
            permission,
            channel,
            rfc.channelQuarantineSeconds());
    AllocationLimits base = defaults.limits();
    AllocationLimits limits =
        new AllocationLimits(
            lifetimes,
            count(ConfigKey.PERMISSIONS_QUOTA, base.maxPermissionsPerAllocation(), false),
            count(ConfigKey.CHANNELS_QUOTA, base.maxChannelsPerAllocation(), false),
            count(ConfigKey.USER_QUOTA, base.maxAllocationsPerUser(), true),
            count(ConfigKey.TOTAL_QUOTA, base.maxAllocationsTotal(), true),
            base.transactionTtl(),
            base.maxCachedTransactions());
    int minPort = port(ConfigKey.MIN_PORT, defaults.minPort());
    int maxPort = port(ConfigKey.MAX_PORT, defaults.maxPort());
    if (minPort > maxPort) {
      SettingOrigin origin =
          settings
              .last(ConfigKey.MIN_PORT)
              .or(() -> settings.last(ConfigKey.MAX_PORT))
              .orElseThrow()
              .origin();
      throw ConfigException.at(
          origin, "relay port range is empty: min-port " + minPort + " > max-port " + maxPort);
    }
    return new TurnConfig(
        auth,
        lifetimes,
        limits,
        peers(),
        minPort,
        maxPort,
        ips(ConfigKey.RELAY_IPS, defaults.relayIps()),
        externalIps(),
        unauthenticatedRate(defaults.unauthenticatedRatePerSecond()),
        count(ConfigKey.UNAUTHENTICATED_BURST, defaults.unauthenticatedBurst(), false));
  }

  /** Whole responses per second: a fraction would only spread one response over seconds. */
  private double unauthenticatedRate(double fallback) throws ConfigException {
    return settings.has(ConfigKey.UNAUTHENTICATED_RATE)
        ? count(ConfigKey.UNAUTHENTICATED_RATE, 1, false)
        : fallback;
  }

  private PeerPolicySettings peers() throws ConfigException {
    PeerPolicySettings defaults = PeerPolicySettings.DEFAULTS;
    return new PeerPolicySettings(
        ranges(ConfigKey.ALLOWED_PEERS, defaults.allowed()),
        ranges(ConfigKey.DENIED_PEERS, defaults.denied()),
        bool(ConfigKey.ALLOW_LOOPBACK_PEERS, defaults.allowLoopbackPeers()),
        bool(ConfigKey.NO_MULTICAST_PEERS, defaults.noMulticastPeers()));
  }

  private List<String> ranges(ConfigKey key, List<String> fallback) throws ConfigException {
    Optional<List<SettingValue>> values = settings.get(key);
    if (values.isEmpty()) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (SettingValue value : values.get()) {
      String entry = value.text().strip();
      try {
        AddressRange.parse(entry);
      } catch (AddressEntryException e) {
        throw ConfigException.at(value.origin(), "'" + entry + "': " + e.problem());
      }
      out.add(entry);
    }
    return out;
  }

  private Map<InetAddress, InetAddress> externalIps() throws ConfigException {
    Map<InetAddress, InetAddress> out = new LinkedHashMap<>();
    for (SettingValue value : settings.get(ConfigKey.EXTERNAL_IPS).orElse(List.of())) {
      String text = value.text().strip();
      int slash = text.indexOf('/');
      InetAddress external = ip(value, slash < 0 ? text : text.substring(0, slash));
      InetAddress relay;
      if (slash < 0) {
        relay =
            external instanceof Inet4Address ? ListenAddresses.anyV4() : ListenAddresses.anyV6();
      } else {
        relay = ip(value, text.substring(slash + 1));
        if ((relay instanceof Inet4Address) != (external instanceof Inet4Address)) {
          throw ConfigException.at(
              value.origin(), "'" + text + "': public and private address families differ");
        }
      }
      if (out.putIfAbsent(relay, external) != null) {
        throw ConfigException.at(
            value.origin(),
            "'"
                + text
                + "': "
                + (slash < 0 ? "a public address for all relay addresses" : "this relay address")
                + " is mapped twice");
      }
    }
    return out;
  }

  private List<InetAddress> ips(ConfigKey key, List<InetAddress> fallback) throws ConfigException {
    Optional<List<SettingValue>> values = settings.get(key);
    if (values.isEmpty()) {
      return fallback;
    }
    List<InetAddress> out = new ArrayList<>();
    for (SettingValue value : values.get()) {
      out.add(ip(value, value.text()));
    }
    return out;
  }

  private static InetAddress ip(SettingValue value, String text) throws ConfigException {
    return IpLiteral.parse(text)
        .orElseThrow(
            () ->
                ConfigException.at(
                    value.origin(), "'" + text.strip() + "' is not an IPv4 or IPv6 address"));
  }

  private int port(ConfigKey key, int fallback) throws ConfigException {
    Optional<SettingValue> value = settings.last(key);
    if (value.isEmpty()) {
      return fallback;
    }
    long port = number(value.get(), "a port number (1-65535)");
    if (port < 1 || port > 65535) {
      throw ConfigException.at(value.get().origin(), "port " + port + " is out of range 1-65535");
    }
    return (int) port;
  }

  private long seconds(ConfigKey key, long fallback) throws ConfigException {
    Optional<SettingValue> value = settings.last(key);
    return value.isEmpty() ? fallback : seconds(value.get());
  }

  private static long seconds(SettingValue value) throws ConfigException {
    long seconds = number(value, "a number of seconds");
    if (seconds < 1 || seconds > Integer.MAX_VALUE) {
      throw ConfigException.at(value.origin(), seconds + " seconds is out of range (1 or more)");
    }
    return seconds;
  }

  /** A count; with {@code zeroMeansUnlimited}, 0 lifts the cap (coturn's convention). */
  private int count(ConfigKey key, int fallback, boolean zeroMeansUnlimited)
      throws ConfigException {
    Optional<SettingValue> value = settings.last(key);
    if (value.isEmpty()) {
      return fallback;
    }
    long count = number(value.get(), "a whole number");
    if (count == 0 && zeroMeansUnlimited) {
      return Integer.MAX_VALUE;
    }
    if (count < 1 || count > Integer.MAX_VALUE) {
      throw ConfigException.at(
          value.get().origin(),
          count
              + " is out of range ("
              + (zeroMeansUnlimited ? "0 for no limit, or " : "")
              + "1 or more)");
    }
    return (int) count;
  }

  private static long number(SettingValue value, String what) throws ConfigException {
    String text = value.text().strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ConfigException.at(value.origin(), "'" + text + "' is not " + what);
    }
  }

  private boolean bool(ConfigKey key, boolean fallback) throws ConfigException {
    Optional<SettingValue> value = settings.last(key);
    if (value.isEmpty()) {
      return fallback;
    }
    Boolean parsed = OptionApplier.parseSwitch(value.get().text());
    if (parsed == null) {
      throw ConfigException.at(
          value.get().origin(), "'" + value.get().text() + "' is not true or false");
    }
    return parsed;
  }

  private int ioThreads(int fallback) throws ConfigException {
    Optional<SettingValue> value = settings.last(ConfigKey.IO_THREADS);
    if (value.isEmpty()) {
      return fallback;
    }
    long threads = number(value.get(), "a number of threads");
    if (threads < 1 || threads > ServerConfig.MAX_IO_THREADS) {
      throw ConfigException.at(
          value.get().origin(),
          threads + " threads is out of range 1-" + ServerConfig.MAX_IO_THREADS);
    }
    return (int) threads;
  }

  private int ioSliceMicros(int fallback) throws ConfigException {
    return micros(
        ConfigKey.IO_SLICE_US,
        fallback,
        "a slice in microseconds",
        ServerConfig::isValidIoSlice,
        "0 (the kernel's default) or "
            + SchedulerSlice.MIN_MICROS
            + "-"
            + SchedulerSlice.MAX_MICROS);
  }

  private int ioCoalesceMicros(int fallback) throws ConfigException {
    return micros(
        ConfigKey.IO_COALESCE_US,
        fallback,
        "a pause in microseconds",
        ServerConfig::isValidIoCoalesce,
        "0 (never pause) or 1-" + ServerConfig.MAX_IO_COALESCE_MICROS);
  }

  /** A duration in µs under {@code key}, {@code fallback} when unset; out of range names it. */
  private int micros(ConfigKey key, int fallback, String what, LongPredicate valid, String range)
      throws ConfigException {
    Optional<SettingValue> value = settings.last(key);
    if (value.isEmpty()) {
      return fallback;
    }
    long micros = number(value.get(), what);
    if (!valid.test(micros)) {
      throw ConfigException.at(value.get().origin(), micros + " µs is out of range: " + range);
    }
    return (int) micros;
  }

  private TransportPreference transport(TransportPreference fallback) throws ConfigException {
    Optional<SettingValue> value = settings.last(ConfigKey.TRANSPORT);
    if (value.isEmpty()) {
      return fallback;
    }
    String text = value.get().text();
    return TransportPreference.parse(text)
        .orElseThrow(
            () ->
                ConfigException.at(
                    value.get().origin(),
                    "'" + text + "' is not a transport (auto, io_uring, epoll, nio)"));
  }

  private UdpIo udpIo(UdpIo fallback) throws ConfigException {
    Optional<SettingValue> value = settings.last(ConfigKey.UDP_IO);
    if (value.isEmpty()) {
      return fallback;
    }
    String text = value.get().text();
    return UdpIo.parse(text)
        .orElseThrow(
            () ->
                ConfigException.at(
                    value.get().origin(), "'" + text + "' is not a UDP I/O (auto, native, netty)"));
  }
}
