package dev.ferry.bench.load;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Everything one load run needs, validated once by {@link TurnLoad}. */
record LoadConfig(
    InetSocketAddress server,
    String peerHost,
    int peerSockets,
    Mode mode,
    int allocations,
    int concurrency,
    int payload,
    int rate,
    int window,
    double durationSeconds,
    double warmupSeconds,
    int warmupSetups,
    double drainSeconds,
    long maxPackets,
    int lifetimeSeconds,
    double setupTimeoutSeconds,
    int threads,
    String transport,
    int stages,
    int sourceIps,
    Path readyFile,
    long samplePid) {}
