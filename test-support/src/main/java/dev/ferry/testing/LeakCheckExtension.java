package dev.ferry.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a JUnit test class when Netty reported a leaked buffer while it ran. */
public final class LeakCheckExtension implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    LeakChecks.assertNoLeaks(context.getDisplayName());
  }
}
