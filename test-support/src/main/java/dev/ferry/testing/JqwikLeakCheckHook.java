package dev.ferry.testing;

import net.jqwik.api.lifecycle.AfterContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;

/** Fails a jqwik property container when Netty reported a leaked buffer while it ran. */
public final class JqwikLeakCheckHook implements AfterContainerHook {
  @Override
  public void afterContainer(ContainerLifecycleContext context) {
    LeakChecks.assertNoLeaks(context.label());
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }
}
