package dev.ferry.turn.dispatch;

import static dev.ferry.turn.dispatch.TurnHarness.CLIENT;
import static dev.ferry.turn.dispatch.VictimFixture.ATTACKER;
import static dev.ferry.turn.dispatch.VictimFixture.NEIGHBOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.MessageClass;
import java.net.InetSocketAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The hostile-input standard on the deferred path: when a credential lookup is not cached, the
 * request is copied and answered later on the listener's loop. The copy must be released, the
 * answer counted once, and the victim left alone, as on the immediate path.
 */
class DeferredLookupHostileInputProperties {
  private VictimFixture v;

  @BeforeProperty
  void victim() {
    v = new VictimFixture(true);
  }

  @AfterProperty
  void release() {
    v.close();
  }

  @Property(tries = 300)
  void randomStunMessage_lookupDeferred_answeredOrDroppedAndVictimIntact(
      @ForAll("stunMessages") HostileInputProperties.Hostile message,
      @ForAll("anySource") InetSocketAddress from) {
    VictimFixture.Effect effect = v.attack(message.encode(v), from);
    if (message.cls() != MessageClass.REQUEST) {
      assertThat(effect.answers()).as("no answer to an indication or response").isEmpty();
    }
  }

  @Provide
  Arbitrary<HostileInputProperties.Hostile> stunMessages() {
    return HostileInputProperties.stunMessages();
  }

  @Provide
  Arbitrary<InetSocketAddress> anySource() {
    return Arbitraries.of(ATTACKER, NEIGHBOUR, CLIENT);
  }
}
