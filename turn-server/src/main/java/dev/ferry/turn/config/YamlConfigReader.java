package dev.ferry.turn.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code turnd.yaml} (see {@code deploy/turnd.yaml} for every key). Works on SnakeYAML's node
 * tree rather than constructed objects, so that every value keeps its line number and no YAML tag
 * can instantiate anything. An unknown key fails naming the key, the file and the line.
 */
public final class YamlConfigReader {

  private record Target(ConfigKey key, boolean fileReference) {}

  /** Dotted path -> key; a section is a path prefix. */
  private static final Map<String, Target> SCHEMA = new LinkedHashMap<>();

  static {
    put("listen.ips", ConfigKey.LISTENING_IPS);
    put("listen.port", ConfigKey.LISTENING_PORT);
    put("listen.udp", ConfigKey.UDP);
    put("listen.tcp", ConfigKey.TCP);
    put("relay.ips", ConfigKey.RELAY_IPS);
    put("relay.min-port", ConfigKey.MIN_PORT);
    put("relay.max-port", ConfigKey.MAX_PORT);
    put("relay.external-ips", ConfigKey.EXTERNAL_IPS);
    put("auth.realm", ConfigKey.REALM);
    put("auth.users", ConfigKey.USERS);
    SCHEMA.put("auth.user-files", new Target(ConfigKey.USERS, true));
    put("auth.static-auth-secrets", ConfigKey.STATIC_AUTH_SECRETS);
    SCHEMA.put("auth.static-auth-secret-files", new Target(ConfigKey.STATIC_AUTH_SECRETS, true));
    put("auth.rest-separator", ConfigKey.REST_SEPARATOR);
    put("auth.stale-nonce", ConfigKey.STALE_NONCE);
    put("lifetimes.allocation-max", ConfigKey.ALLOCATION_MAX_LIFETIME);
    put("lifetimes.permission", ConfigKey.PERMISSION_LIFETIME);
    put("lifetimes.channel", ConfigKey.CHANNEL_LIFETIME);
    put("quotas.user", ConfigKey.USER_QUOTA);
    put("quotas.total", ConfigKey.TOTAL_QUOTA);
    put("quotas.permissions", ConfigKey.PERMISSIONS_QUOTA);
    put("quotas.channels", ConfigKey.CHANNELS_QUOTA);
    put("quotas.unauthenticated-rate", ConfigKey.UNAUTHENTICATED_RATE);
    put("quotas.unauthenticated-burst", ConfigKey.UNAUTHENTICATED_BURST);
    put("peers.allowed", ConfigKey.ALLOWED_PEERS);
    put("peers.denied", ConfigKey.DENIED_PEERS);
    put("peers.allow-loopback", ConfigKey.ALLOW_LOOPBACK_PEERS);
    put("peers.no-multicast", ConfigKey.NO_MULTICAST_PEERS);
    put("log.file", ConfigKey.LOG_FILE);
    put("log.verbose", ConfigKey.VERBOSE);
    put("transport", ConfigKey.TRANSPORT);
    put("udp-io", ConfigKey.UDP_IO);
    put("io-threads", ConfigKey.IO_THREADS);
    put("io-slice-us", ConfigKey.IO_SLICE_US);
    put("io-coalesce-us", ConfigKey.IO_COALESCE_US);
    put("state-dir", ConfigKey.STATE_DIR);
    put("admin.enabled", ConfigKey.ADMIN);
    put("admin.listen", ConfigKey.ADMIN_LISTEN);
  }

  private final Path file;
  private final Settings.Builder out = Settings.builder();

  private YamlConfigReader(Path file) {
    this.file = file;
  }

  /** Reads {@code file}. */
  public static Settings read(Path file) throws ConfigException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file, reader);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file: " + e);
    }
  }

  /** Parses YAML text that came from {@code file} (exposed for tests). */
  static Settings parse(Path file, Reader text) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setAllowRecursiveKeys(false);
    Node root;
    try {
      root = new Yaml(new SafeConstructor(options)).compose(text);
    } catch (MarkedYAMLException e) {
      // Only the problem and the line: SnakeYAML's full message quotes the line, maybe a secret.
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(file + ":" + line + ": not valid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new ConfigException(file + ": not valid YAML");
    }
    YamlConfigReader reader = new YamlConfigReader(file);
    if (root != null && !(root instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
      reader.mapping(root, "");
    }
    return reader.out.build();
  }

  private void mapping(Node node, String prefix) throws ConfigException {
    if (!(node instanceof MappingNode map)) {
      throw at(node, prefix.isEmpty() ? "(top level)" : strip(prefix), "expected a mapping");
    }
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : map.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        throw at(keyNode, strip(prefix), "keys must be plain names");
      }
      String path = prefix + scalarKey.getValue();
      if (!seen.add(path)) {
        throw at(keyNode, path, "duplicate key");
      }
      Target target = SCHEMA.get(path);
      if (target != null) {
        value(tuple.getValueNode(), path, target);
      } else if (isSection(path)) {
        Node value = tuple.getValueNode();
        if (!isNull(value)) {
          mapping(value, path + ".");
        }
      } else {
        throw at(keyNode, path, "unknown key" + hint(prefix));
      }
    }
  }

  private void value(Node node, String path, Target target) throws ConfigException {
    if (isNull(node)) {
      return; // "key:" with nothing: keep the default.
    }
    ConfigKey key = target.key();
    if (node instanceof SequenceNode sequence) {
      if (!key.isList()) {
        throw at(node, path, "expected a single value, found a list");
      }
      out.setEmpty(key);
      for (Node item : sequence.getValue()) {
        if (!(item instanceof ScalarNode scalar) || isNull(item)) {
          throw at(item, path, "list entries must be plain values");
        }
        add(key, target, scalar, path);
      }
    } else if (node instanceof ScalarNode scalar) {
      add(key, target, scalar, path);
    } else {
      throw at(node, path, "expected a value, found a mapping");
    }
  }

  private void add(ConfigKey key, Target target, ScalarNode scalar, String path) {
    SettingOrigin origin = SettingOrigin.file(file, line(scalar), path);
    out.add(
        key,
        target.fileReference()
            ? SettingValue.file(scalar.getValue(), origin)
            : SettingValue.of(scalar.getValue(), origin));
  }

  private static boolean isSection(String path) {
    String prefix = path + ".";
    return SCHEMA.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  private static String hint(String prefix) {
    StringBuilder known = new StringBuilder();
    Set<String> names = new java.util.LinkedHashSet<>();
    for (String k : SCHEMA.keySet()) {
      if (k.startsWith(prefix)) {
        String rest = k.substring(prefix.length());
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    known.append(" (known here: ").append(String.join(", ", names)).append(')');
    return known.toString();
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  private static String strip(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  private ConfigException at(Node node, String path, String problem) {
    return ConfigException.at(SettingOrigin.file(file, line(node), path), problem);
  }

  private static void put(String path, ConfigKey key) {
    SCHEMA.put(path, new Target(key, false));
  }
}
