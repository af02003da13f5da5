package dev.ferry.interop.browser;

import com.google.gson.Gson;
import java.util.List;

/**
 * What the page reports after one relay-only call between its two peer connections (the JSON built
 * by {@code runRelayCall} in {@code browser/relay-call.html}).
 */
public record RelayCallSummary(
    boolean connected,
    String callerConnectionState,
    String calleeConnectionState,
    Gathered gathered,
    List<CandidateError> candidateErrors,
    int messagesSent,
    List<String> messagesReceived,
    VideoSample videoFirst,
    VideoSample videoLater,
    SelectedPair callerPair,
    SelectedPair calleePair,
    List<String> notes,
    String error,
    long elapsedMillis) {

  private static final Gson GSON = new Gson();

  /** Parses the page's JSON. */
  public static RelayCallSummary fromJson(String json) {
    return GSON.fromJson(json, RelayCallSummary.class);
  }

  /** Every candidate either side gathered, as announced to the other side. */
  public List<Candidate> allGathered() {
    return java.util.stream.Stream.concat(gathered.caller().stream(), gathered.callee().stream())
        .toList();
  }

  /** The candidates each peer connection gathered. */
  public record Gathered(List<Candidate> caller, List<Candidate> callee) {}

  /** One ICE candidate, from an icecandidate event or from getStats. */
  public record Candidate(
      String candidateType, String address, int port, String protocol, String relayProtocol) {}

  /** An icecandidateerror event, e.g. a TURN server refusing the credentials. */
  public record CandidateError(String side, int errorCode, String errorText, String url) {}

  /** The callee's inbound video at one moment. */
  public record VideoSample(long framesDecoded, long bytesReceived) {}

  /** The candidate pair a peer connection's transport selected. */
  public record SelectedPair(
      String state,
      boolean nominated,
      long bytesSent,
      long bytesReceived,
      Candidate local,
      Candidate remote) {}
}
