package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingCredentialStoreTest {
  private static final byte[] KEY = new byte[16];
  private static final Executor DIRECT = Runnable::run;

  private final MutableClock time = MutableClock.atEpochSecond(1_700_000_000L);

  /** A source that counts its calls and answers from a fixed map. */
  private static final class CountingSource implements CredentialSource {
    final AtomicInteger calls = new AtomicInteger();
    final List<Thread> threads = new ArrayList<>();
    final Map<String, LongTermKey> keys;

    CountingSource(Map<String, LongTermKey> keys) {
      this.keys = keys;
    }

    @Override
    public List<LongTermKey> keys(String username, String realm, PasswordAlgorithm algorithm) {
      calls.incrementAndGet();
      threads.add(Thread.currentThread());
      LongTermKey key = keys.get(username);
      return key == null || key.algorithm() != algorithm ? List.of() : List.of(key);
    }

    @Override
    public Optional<String> usernameForHash(byte[] userhash, String realm) {
      calls.incrementAndGet();
      return userhash.length == 32 ? Optional.of("alice") : Optional.empty();
    }
  }

  /** A {@link CountingSource} that answers from memory and says so. */
  private static final class InMemorySource implements CredentialSource {
    final CountingSource counting;

    InMemorySource(Map<String, LongTermKey> keys) {
      this.counting = new CountingSource(keys);
    }

    @Override
    public List<LongTermKey> keys(String username, String realm, PasswordAlgorithm algorithm) {
      return counting.keys(username, realm, algorithm);
    }

    @Override
    public boolean mayBlock() {
      return false;
    }
  }

  private CachingCredentialStore store(CredentialSource source, Executor executor) {
    return new CachingCredentialStore(
        source, executor, new KeyCacheSettings(100, Duration.ofMinutes(5)), time, time);
  }

  private static List<LongTermKey> join(
      CachingCredentialStore store, String user, PasswordAlgorithm algorithm) {
    return store.keys(user, "example.org", algorithm).toCompletableFuture().join();
  }

  @Test
  void keys_secondLookup_isServedFromCache() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new CountingSource(Map.of("alice", alice));
    var store = store(source, DIRECT);

    assertThat(join(store, "alice", PasswordAlgorithm.MD5)).containsExactly(alice);
    assertThat(join(store, "alice", PasswordAlgorithm.MD5)).containsExactly(alice);
    assertThat(source.calls).hasValue(1);
  }

  @Test
  void keys_otherAlgorithm_isCachedSeparately() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new CountingSource(Map.of("alice", alice));
    var store = store(source, DIRECT);

    join(store, "alice", PasswordAlgorithm.MD5);

    assertThat(join(store, "alice", PasswordAlgorithm.SHA256)).isEmpty();
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void keys_afterExpireAfterWrite_asksTheSourceAgain() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new CountingSource(Map.of("alice", alice));
    var store = store(source, DIRECT);
    join(store, "alice", PasswordAlgorithm.MD5);

    time.advance(Duration.ofMinutes(5));
    join(store, "alice", PasswordAlgorithm.MD5);

    assertThat(source.calls).hasValue(2);
  }

  @Test
  void keys_justBeforeExpireAfterWrite_stillCached() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new CountingSource(Map.of("alice", alice));
    var store = store(source, DIRECT);
    join(store, "alice", PasswordAlgorithm.MD5);

    time.advance(Duration.ofMinutes(5).minusNanos(1));
    join(store, "alice", PasswordAlgorithm.MD5);

    assertThat(source.calls).hasValue(1);
  }

  @Test
  void keys_unknownUser_isNotCached() {
    var source = new CountingSource(Map.of());
    var store = store(source, DIRECT);

    join(store, "mallory", PasswordAlgorithm.MD5);
    join(store, "mallory", PasswordAlgorithm.MD5);

    assertThat(source.calls).hasValue(2);
  }

  @Test
  void keys_restKeyPastItsExpiry_isNeverServedFromCache() {
    var rest =
        LongTermKey.expiring(
            "1700000060:alice", PasswordAlgorithm.MD5, KEY, Instant.ofEpochSecond(1_700_000_060L));
    var source = new CountingSource(Map.of("1700000060:alice", rest));
    var store = store(source, DIRECT);
    assertThat(join(store, "1700000060:alice", PasswordAlgorithm.MD5)).containsExactly(rest);

    time.advance(Duration.ofSeconds(60));

    // The counting source does not check expiry itself, so only the store can refuse it.
    assertThat(join(store, "1700000060:alice", PasswordAlgorithm.MD5)).isEmpty();
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void keys_restKeyExpiringAfterClockOnlyMoves_isFilteredOut() {
    var rest =
        LongTermKey.expiring(
            "1700000060:alice", PasswordAlgorithm.MD5, KEY, Instant.ofEpochSecond(1_700_000_060L));
    var source = new CountingSource(Map.of("1700000060:alice", rest));
    // The cache's ticker stands still while the wall clock moves past the REST expiry.
    var frozenTicker = MutableClock.atEpochSecond(0);
    var store =
        new CachingCredentialStore(
            source, DIRECT, new KeyCacheSettings(100, Duration.ofMinutes(5)), frozenTicker, time);
    join(store, "1700000060:alice", PasswordAlgorithm.MD5);

    time.advance(Duration.ofSeconds(61));

    assertThat(join(store, "1700000060:alice", PasswordAlgorithm.MD5)).isEmpty();
  }

  @Test
  void keys_lookup_runsOnTheGivenExecutor() throws Exception {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new CountingSource(Map.of("alice", alice));
    List<Runnable> queued = new ArrayList<>();
    var store = store(source, queued::add);

    var pending = store.keys("alice", "example.org", PasswordAlgorithm.MD5).toCompletableFuture();

    assertThat(pending).isNotDone();
    assertThat(source.calls).hasValue(0);
    while (!queued.isEmpty()) {
      queued.remove(0).run();
    }
    assertThat(pending).isCompletedWithValue(List.of(alice));
  }

  @Test
  void usernameForHash_runsOnTheGivenExecutor() {
    var source = new CountingSource(Map.of());
    List<Runnable> queued = new ArrayList<>();
    var store = store(source, queued::add);

    var pending = store.usernameForHash(new byte[32], "example.org").toCompletableFuture();

    assertThat(pending).isNotDone();
    queued.remove(0).run();
    assertThat(pending).isCompletedWithValue(Optional.of("alice"));
  }

  @Test
  void keys_sourceThatNeverBlocks_completesOnTheCallingThreadWithoutTheExecutor() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new InMemorySource(Map.of("alice", alice));
    List<Runnable> queued = new ArrayList<>();
    var store = store(source, queued::add);

    var keys = store.keys("alice", "example.org", PasswordAlgorithm.MD5).toCompletableFuture();

    assertThat(keys).isCompletedWithValue(List.of(alice));
    assertThat(queued).isEmpty();
    assertThat(source.counting.threads).containsExactly(Thread.currentThread());
  }

  @Test
  void keysNow_sourceThatNeverBlocks_loadsInlineThenServesFromCache() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new InMemorySource(Map.of("alice", alice));
    List<Runnable> queued = new ArrayList<>();
    var store = store(source, queued::add);

    var first = store.keysNow("alice", "example.org", PasswordAlgorithm.MD5);
    var second = store.keysNow("alice", "example.org", PasswordAlgorithm.MD5);

    assertThat(first).contains(List.of(alice));
    assertThat(second).contains(List.of(alice));
    assertThat(source.counting.calls).hasValue(1);
    assertThat(queued).isEmpty();
  }

  @Test
  void keysNow_blockingSourceNotYetCached_isEmptyAndCallsNothing() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new CountingSource(Map.of("alice", alice));
    List<Runnable> queued = new ArrayList<>();
    var store = store(source, queued::add);

    assertThat(store.keysNow("alice", "example.org", PasswordAlgorithm.MD5)).isEmpty();
    assertThat(queued).isEmpty();
    assertThat(source.calls).hasValue(0);
  }

  @Test
  void keysNow_blockingSourceCached_answersWithoutTheSource() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new CountingSource(Map.of("alice", alice));
    var store = store(source, DIRECT);
    join(store, "alice", PasswordAlgorithm.MD5);

    var keys = store.keysNow("alice", "example.org", PasswordAlgorithm.MD5);

    assertThat(keys).contains(List.of(alice));
    assertThat(source.calls).hasValue(1);
  }

  @Test
  void keysNow_blockingSourceLookupInFlight_isEmpty() {
    var alice = LongTermKey.of("alice", PasswordAlgorithm.MD5, KEY);
    var source = new CountingSource(Map.of("alice", alice));
    List<Runnable> queued = new ArrayList<>();
    var store = store(source, queued::add);
    store.keys("alice", "example.org", PasswordAlgorithm.MD5);

    assertThat(store.keysNow("alice", "example.org", PasswordAlgorithm.MD5)).isEmpty();
  }

  @Test
  void keysNow_restKeyPastItsExpiry_isFilteredOut() {
    var rest =
        LongTermKey.expiring(
            "1700000060:alice", PasswordAlgorithm.MD5, KEY, Instant.ofEpochSecond(1_700_000_060L));
    var source = new InMemorySource(Map.of("1700000060:alice", rest));
    var store = store(source, DIRECT);
    assertThat(store.keysNow("1700000060:alice", "example.org", PasswordAlgorithm.MD5))
        .contains(List.of(rest));

    time.advance(Duration.ofSeconds(61));

    assertThat(store.keysNow("1700000060:alice", "example.org", PasswordAlgorithm.MD5))
        .contains(List.of());
  }
}
