package dev.ferry.turn.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw values one source gave (a file, the environment, the command line), plus the notices it
 * produced. Layers are combined key by key: a key set in a higher source replaces the whole value
 * list of lower ones, so a repeated option on the command line replaces the file's list.
 */
public final class Settings {
  private final Map<ConfigKey, List<SettingValue>> values;
  private final List<String> notices;

  private Settings(Map<ConfigKey, List<SettingValue>> values, List<String> notices) {
    this.values = values;
    this.notices = notices;
  }

  /** A source that set nothing. */
  public static Settings empty() {
    return new Settings(Map.of(), List.of());
  }

  /** Starts collecting values for one source. */
  public static Builder builder() {
    return new Builder();
  }

  /** The values given for {@code key}, empty if the source did not set it. */
  public Optional<List<SettingValue>> get(ConfigKey key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The last value given for a single-valued key. */
  public Optional<SettingValue> last(ConfigKey key) {
    return get(key).filter(l -> !l.isEmpty()).map(l -> l.get(l.size() - 1));
  }

  /** Whether the source set {@code key} at all. */
  public boolean has(ConfigKey key) {
    return values.containsKey(key);
  }

  /** Informational messages (options accepted without effect). */
  public List<String> notices() {
    return notices;
  }

  /** This layer with {@code higher} laid on top: its keys win, notices accumulate. */
  public Settings overriddenBy(Settings higher) {
    Map<ConfigKey, List<SettingValue>> merged = new EnumMap<>(ConfigKey.class);
    merged.putAll(values);
    merged.putAll(higher.values);
    List<String> allNotices = new ArrayList<>(notices);
    allNotices.addAll(higher.notices);
    return new Settings(Collections.unmodifiableMap(merged), List.copyOf(allNotices));
  }

  /** Collects values in the order the source gave them. */
  public static final class Builder {
    private final Map<ConfigKey, List<SettingValue>> values = new EnumMap<>(ConfigKey.class);
    private final List<String> notices = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a value: appended for list keys, replacing for single keys (the last one wins, as in
     * coturn).
     */
    public Builder add(ConfigKey key, SettingValue value) {
      List<SettingValue> list = values.computeIfAbsent(key, k -> new ArrayList<>());
      if (!key.isList()) {
        list.clear();
      }
      list.add(value);
      return this;
    }

    /** Marks a list key as explicitly set to nothing (a YAML {@code []}). */
    public Builder setEmpty(ConfigKey key) {
      values.computeIfAbsent(key, k -> new ArrayList<>());
      return this;
    }

    public Builder notice(String notice) {
      notices.add(notice);
      return this;
    }

    public Settings build() {
      Map<ConfigKey, List<SettingValue>> copy = new EnumMap<>(ConfigKey.class);
      values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return new Settings(Collections.unmodifiableMap(copy), List.copyOf(notices));
    }
  }
}
