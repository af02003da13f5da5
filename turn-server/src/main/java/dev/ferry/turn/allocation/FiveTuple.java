package dev.ferry.turn.allocation;

/**
 * Client address, server address and transport: the key that names exactly one allocation (RFC 8656
 * §2, §6). Equality compares primitives and the hash is computed once.
 */
public final class FiveTuple {
  private final TransportAddress client;
  private final TransportAddress server;
  private final Transport transport;
  private final int hash;

  public FiveTuple(TransportAddress client, TransportAddress server, Transport transport) {
    if (client == null || server == null || transport == null) {
      throw new IllegalArgumentException("client, server and transport are required");
    }
    this.client = client;
    this.server = server;
    this.transport = transport;
    this.hash = (client.hashCode() * 31 + server.hashCode()) * 31 + transport.ordinal();
  }

  /** The client's server-reflexive address as the server sees it. */
  public TransportAddress client() {
    return client;
  }

  /** The server address the client talks to. */
  public TransportAddress server() {
    return server;
  }

  public Transport transport() {
    return transport;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FiveTuple other
        && hash == other.hash
        && transport == other.transport
        && client.equals(other.client)
        && server.equals(other.server);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return transport + " " + client + " -> " + server;
  }
}
