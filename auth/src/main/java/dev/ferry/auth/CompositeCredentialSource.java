package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several credential sources used at once (static users and REST secrets, DESIGN §5): a username
 * gets the keys of every source that knows it, in source order.
 */
public final class CompositeCredentialSource implements CredentialSource {
  private final List<CredentialSource> sources;

  public CompositeCredentialSource(List<CredentialSource> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public List<LongTermKey> keys(String username, String realm, PasswordAlgorithm algorithm) {
    List<LongTermKey> keys = new ArrayList<>();
    for (CredentialSource source : sources) {
      keys.addAll(source.keys(username, realm, algorithm));
    }
    return List.copyOf(keys);
  }

  @Override
  public Optional<String> usernameForHash(byte[] userhash, String realm) {
    for (CredentialSource source : sources) {
      Optional<String> username = source.usernameForHash(userhash, realm);
      if (username.isPresent()) {
        return username;
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean mayBlock() {
    for (CredentialSource source : sources) {
      if (source.mayBlock()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "CompositeCredentialSource" + sources;
  }
}
