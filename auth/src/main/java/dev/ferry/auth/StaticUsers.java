package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import dev.ferry.stun.integrity.UserHash;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Users configured with the server (coturn's {@code user=name:password} and {@code
 * user=name:0xKEY}, see {@link StaticUserEntry}) for one realm. Plain passwords are turned into the
 * MD5 and SHA-256 long-term keys when the users are loaded and then wiped, so only derived keys
 * stay in memory (RFC 8656 §6). A 16-byte {@code 0x} key serves MD5 only, a 32-byte one SHA-256
 * only. USERHASH (RFC 8489 §14.4) is resolved for every user.
 */
public final class StaticUsers implements CredentialSource {
  private final String realm;
  private final Map<String, Map<PasswordAlgorithm, byte[]>> keysByUser;
  private final Map<String, String> usernameByHashHex;

  private StaticUsers(
      String realm,
      Map<String, Map<PasswordAlgorithm, byte[]>> keysByUser,
      Map<String, String> usernameByHashHex) {
    this.realm = realm;
    this.keysByUser = keysByUser;
    this.usernameByHashHex = usernameByHashHex;
  }

  public static StaticUsers none(Realm realm) {
    return new StaticUsers(realm.name(), Map.of(), Map.of());
  }

  /**
   * Parses configuration lines for {@code realm}. Refuses the whole set, naming every bad line by
   * its 1-based number, if any line is malformed, repeats a name or has a password SASLprep
   * refuses.
   *
   * @throws IllegalArgumentException listing every problem
   */
  public static StaticUsers parse(Realm realm, List<String> lines) {
    List<String> problems = new ArrayList<>();
    Map<String, Map<PasswordAlgorithm, byte[]>> keysByUser = new HashMap<>();
    Map<String, Integer> firstLine = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      StaticUserEntry.Parsed parsed = StaticUserEntry.parse(lines.get(i));
      if (parsed instanceof StaticUserEntry.Error error) {
        problems.add("line " + lineNumber + ": " + error.message());
      } else if (parsed instanceof StaticUserEntry.Ok ok) {
        StaticUserEntry entry = ok.entry();
        Integer earlier = firstLine.putIfAbsent(entry.name(), lineNumber);
        if (earlier != null) {
          wipe(entry);
          problems.add(
              "line "
                  + lineNumber
                  + ": user '"
                  + entry.name()
                  + "' is already defined on line "
                  + earlier);
          continue;
        }
        try {
          keysByUser.put(entry.name(), derive(realm, entry));
        } catch (IllegalArgumentException e) {
          problems.add("line " + lineNumber + ": " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid static users:\n  " + String.join("\n  ", problems));
    }
    return new StaticUsers(realm.name(), Map.copyOf(keysByUser), hashes(realm, keysByUser));
  }

  /**
   * Derives the keys for {@code entries} in {@code realm}. Consumes the entries: their plain
   * passwords are wiped once derived.
   *
   * @throws IllegalArgumentException for a password SASLprep refuses, or a repeated name
   */
  public static StaticUsers of(Realm realm, List<StaticUserEntry> entries) {
    Map<String, Map<PasswordAlgorithm, byte[]>> keysByUser = new HashMap<>();
    for (StaticUserEntry entry : entries) {
      if (keysByUser.put(entry.name(), derive(realm, entry)) != null) {
        throw new IllegalArgumentException("user '" + entry.name() + "' is defined twice");
      }
    }
    return new StaticUsers(realm.name(), Map.copyOf(keysByUser), hashes(realm, keysByUser));
  }

  /**
   * MD5 with SASLprep, as RFC 5389 clients compute it, and SHA-256 with OpaqueString (RFC 8489
   * §18.5.1.2). A password OpaqueString refuses (a soft hyphen, say) gets no SHA-256 key: that user
   * can still sign in with MD5, which is what such an RFC 5389-era password was made for.
   */
  private static Map<PasswordAlgorithm, byte[]> derive(Realm realm, StaticUserEntry entry) {
    Map<PasswordAlgorithm, byte[]> keys = new EnumMap<>(PasswordAlgorithm.class);
    if (entry.secret() instanceof StaticUserEntry.Password password) {
      String text = password.password().utf8();
      try {
        keys.put(
            PasswordAlgorithm.MD5,
            PasswordAlgorithm.MD5.deriveKey(entry.name(), realm.name(), text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "user '" + entry.name() + "': the password is not a valid SASLprep string", e);
      } finally {
        password.password().wipe();
      }
      try {
        keys.put(
            PasswordAlgorithm.SHA256,
            PasswordAlgorithm.SHA256.deriveKey(entry.name(), realm.name(), text));
      } catch (IllegalArgumentException e) {
        // MD5 only, see above.
      }
    } else if (entry.secret() instanceof StaticUserEntry.PrecomputedKey precomputed) {
      byte[] key = precomputed.key();
      keys.put(
          key.length == StaticUserEntry.MD5_KEY_BYTES
              ? PasswordAlgorithm.MD5
              : PasswordAlgorithm.SHA256,
          key);
    }
    return keys;
  }

  private static Map<String, String> hashes(
      Realm realm, Map<String, Map<PasswordAlgorithm, byte[]>> keysByUser) {
    Map<String, String> usernameByHashHex = new HashMap<>();
    for (String name : keysByUser.keySet()) {
      try {
        usernameByHashHex.put(HexFormat.of().formatHex(UserHash.of(name, realm.name())), name);
      } catch (IllegalArgumentException e) {
        // OpaqueString refuses the name or realm: no client can form its USERHASH either.
      }
    }
    return Map.copyOf(usernameByHashHex);
  }

  /** The realm the keys were derived for. */
  public String realm() {
    return realm;
  }

  public int size() {
    return keysByUser.size();
  }

  @Override
  public List<LongTermKey> keys(String username, String realm, PasswordAlgorithm algorithm) {
    if (!this.realm.equals(realm)) {
      return List.of();
    }
    Map<PasswordAlgorithm, byte[]> keys = keysByUser.get(username);
    if (keys == null || !keys.containsKey(algorithm)) {
      return List.of();
    }
    return List.of(LongTermKey.of(username, algorithm, keys.get(algorithm)));
  }

  @Override
  public Optional<String> usernameForHash(byte[] userhash, String realm) {
    if (!this.realm.equals(realm)) {
      return Optional.empty();
    }
    return Optional.ofNullable(usernameByHashHex.get(HexFormat.of().formatHex(userhash)));
  }

  /** Keys derived at load time, looked up in a map. */
  @Override
  public boolean mayBlock() {
    return false;
  }

  private static void wipe(StaticUserEntry entry) {
    if (entry.secret() instanceof StaticUserEntry.Password password) {
      password.password().wipe();
    }
  }

  @Override
  public String toString() {
    return "StaticUsers[realm=" + realm + ", " + keysByUser.size() + " users]";
  }
}
