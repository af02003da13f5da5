package dev.ferry.bench.load;

/** What a load run measures. */
public enum Mode {
  /** Relay throughput: each allocation keeps a window of echoes in flight (closed loop). */
  FLOOD,
  /** Relay latency at a fixed rate per allocation (open loop). */
  PACED,
  /** Allocation setup only: 401, Allocate, CreatePermission, ChannelBind per client. */
  SETUP,
  /**
   * Memory: sets up the allocations (each with a channel) in stages, announces each stage in a
   * ready file and holds the allocations idle, so a script can read the server's memory.
   */
  HOLD,
  /** One unauthenticated Allocate: does the server answer 401 with REALM and NONCE? */
  PROBE
}
