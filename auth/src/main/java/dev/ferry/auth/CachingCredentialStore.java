package dev.ferry.auth;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A {@link CredentialStore} over a possibly blocking {@link CredentialSource}: lookups run on a
 * dedicated executor and derived keys are cached per (username, realm, algorithm) with Caffeine,
 * bounded in size and expiring after write. Unknown users are not cached, so a flood of made-up
 * usernames cannot evict real ones. A REST key leaves the cache at its expiry at the latest, and is
 * filtered out on the way out as well, so it is never served late even if the clock and the ticker
 * disagree.
 */
public final class CachingCredentialStore implements CredentialStore {
  private final CredentialSource source;
  private final Executor executor;
  private final Clock clock;
  private final AsyncLoadingCache<CacheKey, List<LongTermKey>> cache;

  private record CacheKey(String username, String realm, PasswordAlgorithm algorithm) {}

  /**
   * @param executor where the source is called; must not be an event loop
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
    this.executor = Objects.requireNonNull(executor);
    this.clock = Objects.requireNonNull(clock);
    this.cache =
        Caffeine.newBuilder()
            .executor(executor)
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
    return cache
        .get(key)
        .thenApply(
            keys -> {
              Instant now = clock.instant();
              List<LongTermKey> live = keys.stream().filter(k -> !k.isExpiredAt(now)).toList();
              if (live.size() != keys.size()) {
                cache.synchronous().invalidate(key);
              }
              return live;
            });
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
