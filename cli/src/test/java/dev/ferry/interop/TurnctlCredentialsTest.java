package dev.ferry.interop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnctlCredentialsTest {

  @Test
  void fromIceServersJson_serverListingTheUri_returnsItsUsernameAndCredential() {
    String json =
        """
        {"iceServers": [
          {"urls": ["stun:127.0.0.1:3478"]},
          {"urls": ["turn:127.0.0.1:3478"], "username": "1700000000:alice",
           "credential": "d8soP47RbdIKLDUOpnJPVQyq5Ts="}
        ]}
        """;

    assertThat(TurnctlCredentials.fromIceServersJson(json, "turn:127.0.0.1:3478"))
        .contains(new TurnRestCredentials("1700000000:alice", "d8soP47RbdIKLDUOpnJPVQyq5Ts="));
  }

  @Test
  void fromIceServersJson_urlsAsSingleString_isAccepted() {
    String json =
        """
        {"iceServers": [{"urls": "turn:127.0.0.1:3478", "username": "u", "credential": "c"}]}
        """;

    assertThat(TurnctlCredentials.fromIceServersJson(json, "turn:127.0.0.1:3478"))
        .contains(new TurnRestCredentials("u", "c"));
  }

  @Test
  void fromIceServersJson_noServerForTheUri_isEmpty() {
    String json =
        """
        {"iceServers": [{"urls": ["turn:127.0.0.1:9999"], "username": "u", "credential": "c"}]}
        """;

    assertThat(TurnctlCredentials.fromIceServersJson(json, "turn:127.0.0.1:3478")).isEmpty();
  }
}
