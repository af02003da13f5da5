package dev.ferry.auth;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A {@link CredentialStore} over a possibly blocking {@link CredentialSource}: lookups run on a
 * dedicated executor (or, for a source that never blocks, on the caller's thread, so that an event
 * loop answers without a thread hop) and derived keys are cached per (username, realm, algorithm)
 * with Caffeine, bounded in size and expiring after write. Unknown users are not cached, so a flood
 * of made-up usernames cannot evict real ones. A REST key leaves the cache at its expiry at the
 * latest, and is filtered out on the way out as well, so it is never served late even if the clock
 * and the ticker disagree.
 */
public final class CachingCredentialStore implements CredentialStore {
  private final CredentialSource source;
  private final Executor executor;
  private final boolean inline;
  private final Clock clock;
  private final AsyncLoadingCache<CacheKey, List<LongTermKey>> cache;

  private record CacheKey(String username, String realm, PasswordAlgorithm algorithm) {}

  /**
   * @param executor where a source that {@linkplain CredentialSource#mayBlock() may block} is
   *     called, and Caffeine's maintenance runs; must not be an event loop. Unused for a source
   *     that never blocks: it is called, and the cache maintained, on the caller's thread.
   * @param ticker Caffeine's time source (nanoseconds) for expire-after-write
   * @param clock wall-clock time for REST expiry instants
   */
  public CachingCredentialStore(
      CredentialSource source,
      Executor executor,
      KeyCacheSettings settings,
      Ticker ticker,
      Clock clock) {
    this.source = Objects.requireNonNull(source);
    this.inline = !source.mayBlock();
    this.executor = inline ? Runnable::run : Objects.requireNonNull(executor);
    this.clock = Objects.requireNonNull(clock);
    this.cache =
        Caffeine.newBuilder()
            .executor(this.executor)
            .ticker(ticker)
            .maximumSize(settings.maximumSize())
            .expireAfter(new KeyExpiry(settings.expireAfterWrite(), clock))
            .buildAsync(key -> source.keys(key.username(), key.realm(), key.algorithm()));
  }

  public CachingCredentialStore(
      CredentialSource source, Executor executor, KeyCacheSettings settings) {
    this(source, executor, settings, Ticker.systemTicker(), Clock.systemUTC());
  }

  @Override
  public CompletionStage<List<LongTermKey>> keys(
      String username, String realm, PasswordAlgorithm algorithm) {
    var key = new CacheKey(username, realm, algorithm);
    return cache.get(key).thenApply(keys -> live(key, keys));
  }

  @Override
  public Optional<List<LongTermKey>> keysNow(
      String username, String realm, PasswordAlgorithm algorithm) {
    var key = new CacheKey(username, realm, algorithm);
    // A source that never blocks loads inline, so get() is complete on return.
    CompletableFuture<List<LongTermKey>> keys = inline ? cache.get(key) : cache.getIfPresent(key);
    if (keys == null || !keys.isDone() || keys.isCompletedExceptionally()) {
      return Optional.empty();
    }
    return Optional.of(live(key, keys.join()));
  }

  /** {@code keys} without the expired ones, which also leave the cache. */
  private List<LongTermKey> live(CacheKey key, List<LongTermKey> keys) {
    Instant now = null;
    for (LongTermKey k : keys) {
      if (k.expiresAt().isPresent()) {
        now = clock.instant();
        break;
      }
    }
    if (now == null) {
      return keys;
    }
    List<LongTermKey> live = new ArrayList<>(keys.size());
    for (LongTermKey k : keys) {
      if (!k.isExpiredAt(now)) {
        live.add(k);
      }
    }
    if (live.size() != keys.size()) {
      cache.synchronous().invalidate(key);
    }
    return List.copyOf(live);
  }

  @Override
  public CompletionStage<Optional<String>> usernameForHash(byte[] userhash, String realm) {
    byte[] hash = userhash.clone();
    return CompletableFuture.supplyAsync(() -> source.usernameForHash(hash, realm), executor);
  }

  /** Evicts every cached key, e.g. after the configuration was reloaded. */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  private record KeyExpiry(Duration afterWrite, Clock clock)
      implements Expiry<CacheKey, List<LongTermKey>> {

    @Override
    public long expireAfterCreate(CacheKey key, List<LongTermKey> keys, long currentTime) {
      if (keys.isEmpty()) {
        return 0;
      }
      long nanos = afterWrite.toNanos();
      Instant now = clock.instant();
      for (LongTermKey k : keys) {
        if (k.expiresAt().isPresent()) {
          Duration untilExpiry = Duration.between(now, k.expiresAt().get());
          if (untilExpiry.compareTo(afterWrite) < 0) {
            nanos = Math.min(nanos, untilExpiry.isNegative() ? 0 : untilExpiry.toNanos());
          }
        }
      }
      return nanos;
    }

    @Override
    public long expireAfterUpdate(
        CacheKey key, List<LongTermKey> keys, long currentTime, long currentDuration) {
      return expireAfterCreate(key, keys, currentTime);
    }

    @Override
    public long expireAfterRead(
        CacheKey key, List<LongTermKey> keys, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  @Override
  public String toString() {
    return "CachingCredentialStore[" + source + "]";
  }
}
