package dev.ferry.turn.allocation;

/** A relay endpoint that counts how often it was closed. */
final class RecordingRelay implements RelayEndpoint {
  final int port;
  int closes;

  RecordingRelay(int port) {
    this.port = port;
  }

  @Override
  public void close() {
    closes++;
  }
}
