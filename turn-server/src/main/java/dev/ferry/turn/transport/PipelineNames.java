package dev.ferry.turn.transport;

/** Names of the handlers in Ferry's pipelines, so that tests and later handlers can find them. */
public final class PipelineNames {
  /** TCP: splits the byte stream into STUN messages and ChannelData frames. */
  public static final String STREAM_FRAMER = "stun-frame-decoder";

  /** TCP: dispatches framed messages and writes the replies. */
  public static final String STREAM_HANDLER = "stun-stream-handler";

  /** UDP: dispatches datagrams and writes the replies. */
  public static final String DATAGRAM_HANDLER = "stun-datagram-handler";

  /** Last handler of every pipeline: logs unexpected exceptions once and keeps listeners alive. */
  public static final String TAIL_EXCEPTIONS = "tail-exception-handler";

  private PipelineNames() {}
}
