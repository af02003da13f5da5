#!/usr/bin/env python3
"""Turns the raw runs of perf-compare.sh into summary.md, results.json and a gnuplot script.

Usage: perf_report.py RESULTS_DIR CLK_TCK. Reads RESULTS_DIR/raw/manifest.tsv (round, server,
load, base path) and, per run, BASE.json (the generator's result) and BASE.phases (one line per
phase: label..., server CPU ticks, server VmRSS kB, generator CPU ticks, epoch seconds, then
KEY=VALUE extras such as steal=TICKS). RESULTS_DIR/raw/attempts.tsv, when present, lists every
attempt of every load with its steal (perf-compare.sh repeats loads the hypervisor disturbed).
Figures are medians over the rounds. Standard library only.

perf_report.py --steal LOAD PHASES CLK_TCK CPUS prints the steal percent of one attempt (or -).
"""
import json
import os
import statistics
import sys

SERVER_ORDER = ["coturn", "ferry-io_uring", "ferry-epoll", "forwarder"]
TRAFFIC_ORDER = [f"flood-{p}B-x{n}" for p in (100, 1200) for n in (1, 10, 100)] + [
    "paced-x10",
    "paced-x100",
    "paced-x500",
]
FLOODS = [load for load in TRAFFIC_ORDER if load.startswith("flood")]
PACED = [load for load in TRAFFIC_ORDER if load.startswith("paced")]
LATENCY_ORDER = ["paced-x10", "paced-x100", "paced-x500", "flood-100B-x1"]
FERRY = "ferry-epoll"
SETUP_ORDER = ["setup-c1", "setup-c50"]


def read_phases(path):
    """(label, server ticks, server RSS kB, generator ticks, epoch seconds, extras) per line; the
    extras are the trailing KEY=VALUE columns (steal=TICKS since run P), which older runs lack."""
    phases = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            extras = {}
            while parts and "=" in parts[-1]:
                key, _, value = parts.pop().partition("=")
                extras[key] = int(value)
            if len(parts) < 5:
                continue
            label = " ".join(parts[:-4])
            ticks, rss, gen, t = parts[-4:]
            phases.append((label, int(ticks), int(rss), int(gen), float(t), extras))
    return phases


def window(load, phases):
    """The phases that bound the timed part of a load: warm-up end to drain end for traffic, the
    setup pass for setup loads; (None, None) for the memory load, whose RSS no steal disturbs."""
    if load.startswith(("flood", "paced")):
        a = find(phases, "measured") or find(phases, "traffic")
        return a, find(phases, "drained")
    if load.startswith("setup"):
        return find(phases, "setup"), find(phases, "setup-done")
    return None, None


def extra_delta(a, b, key):
    """How much the KEY=VALUE column {key} grew from phase a to phase b, or None when either phase
    is missing or lacks it (runs before the column existed)."""
    if not a or not b or key not in a[5] or key not in b[5]:
        return None
    return b[5][key] - a[5][key]


def steal_percent(load, phases, hz, cpus):
    """The hypervisor's steal over the load's timed window, in percent of all CPUs' time, or None
    for a load without one (memory) or phases without a steal column (runs before P)."""
    a, b = window(load, phases)
    steal = extra_delta(a, b, "steal")
    if steal is None or b[4] <= a[4]:
        return None
    return 100.0 * steal / hz / ((b[4] - a[4]) * cpus)


def find(phases, prefix):
    for phase in phases:
        if phase[0] == prefix or phase[0].startswith(prefix + " "):
            return phase
    return None


def metrics(load, result, phases, hz, cpus):
    m = {"stealPercent": steal_percent(load, phases, hz, cpus)}
    if load.startswith(("flood", "paced")):
        a, b = window(load, phases)
        # From the end of the warm-up to the end of the drain the relay carries the measured
        # round trips (twice each); older runs have no "measured" phase and count from the start.
        measured = find(phases, "measured") is not None
        packets = 2 * result.get("received" if measured else "receivedTotal", 0)
        m["relayedPps"] = result.get("relayedPps")
        m["lossPercent"] = result.get("lossPercent")
        m["rttP50Us"] = result.get("rttP50Us")
        m["rttP99Us"] = result.get("rttP99Us")
        m["rttP999Us"] = result.get("rttP999Us")
        # The relay's share of the round trip (kernel receive timestamps; paced loads only).
        m["relayRttP50Us"] = result.get("relayRttP50Us")
        m["relayRttP99Us"] = result.get("relayRttP99Us")
        m["relayRttP999Us"] = result.get("relayRttP999Us")
        if a and b and packets > 0:
            cpu = (b[1] - a[1]) / hz
            wall = b[4] - a[4]
            m["serverCpuSeconds"] = cpu
            m["cpuUsPerPacket"] = cpu * 1e6 / packets if cpu > 0 else None
            m["packetsPerCpuSecond"] = packets / cpu if cpu > 0 else None
            m["serverCores"] = cpu / wall if wall > 0 else None
            # 0 ticks: the generator had exited when the phase was sampled.
            gen = (b[3] - a[3]) / hz
            m["generatorCores"] = gen / wall if wall > 0 and b[3] > 0 and gen >= 0 else None
            # Each sleep of a server thread ends in a wake-up that costs CPU whatever it carries,
            # so with few datagrams in flight this sets the CPU per packet (wakeups= since run Q).
            wakeups = extra_delta(a, b, "wakeups")
            if wakeups:
                m["packetsPerWakeup"] = packets / wakeups
    elif load.startswith("setup"):
        a, b = window(load, phases)
        ready = result.get("allocationsReady", 0)
        m["allocationsPerSecond"] = result.get("allocationsPerSecond")
        m["setupP50Us"] = result.get("setupP50Us")
        m["setupP99Us"] = result.get("setupP99Us")
        m["failed"] = result.get("allocationsFailed")
        if a and b and ready > 0:
            m["cpuMsPerAllocation"] = (b[1] - a[1]) / hz * 1000 / ready
    elif load == "hold":
        start, s1, s2 = find(phases, "start"), find(phases, "hold 1"), find(phases, "hold 2")
        m["failed"] = result.get("allocationsFailed")
        if start:
            m["rssIdleKb"] = start[2]
        if start and s1:
            n1 = int(s1[0].split()[2])
            m["held"] = n1
            if n1 > 0:
                m["kbPerAllocationFirst"] = (s1[2] - start[2]) / n1
            if s2:
                n2 = int(s2[0].split()[2])
                m["held"] = n2
                if n2 > n1:
                    m["kbPerAllocationNext"] = (s2[2] - s1[2]) / (n2 - n1)
    return m


def gc_pauses(path):
    """Pause times in ms from a -Xlog:gc file (lines ending in '12.345ms'), or None."""
    try:
        with open(path) as f:
            return [
                float(line.split()[-1][:-2])
                for line in f
                if "Pause" in line and line.rstrip().endswith("ms")
            ]
    except (OSError, ValueError, IndexError):
        return None


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    if value is None:
        return "-"
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}"


def verdict(ok):
    return "-" if ok is None else ("met" if ok else "**not met**")


def targets(servers, get):
    """The performance issue's targets, each judged on Ferry's default transport."""
    if FERRY not in servers or "coturn" not in servers:
        return []
    rows = []

    def each(loads, key, other, bound, better):
        figures, oks = [], []
        for load in loads:
            a, b = get(FERRY, load, key), get(other, load, key)
            if a is None or b is None or b == 0:
                continue
            figures.append(f"{load} {a / b:.2f}")
            oks.append(a / b >= bound if better == "higher" else a / b <= bound)
        return "; ".join(figures) or "-", (all(oks) if oks else None)

    figure, ok = each(FLOODS, "packetsPerCpuSecond", "coturn", 1.5, "higher")
    rows.append(("flood: relayed packets per server CPU-s >= 1.5x coturn", figure, ok))
    figure, ok = each(PACED, "cpuUsPerPacket", "coturn", 1.0, "lower")
    losses = [get(FERRY, load, "lossPercent") for load in PACED]
    lossless = all(v is not None and v == 0 for v in losses) if losses else None
    rows.append(("paced: server CPU per packet <= coturn", figure, ok))
    rows.append(
        (
            "paced: no loss",
            "; ".join(f"{load} {fmt(v, 2)}%" for load, v in zip(PACED, losses)),
            lossless,
        )
    )
    if "forwarder" in servers:
        figure, ok = each(FLOODS, "relayedPps", "forwarder", 0.8, "higher")
        rows.append(("saturation: relayed pkt/s >= 0.8x the forwarder", figure, ok))
    for key, name in (("P50Us", "p50"), ("P99Us", "p99"), ("P999Us", "p99.9")):
        figure, ok = each(LATENCY_ORDER[:2], "relayRtt" + key, "coturn", 1.0, "lower")
        rows.append((f"added RTT {name} (idle, moderate) <= coturn", figure, ok))
    for key, name in (("P50Us", "p50"), ("P99Us", "p99"), ("P999Us", "p99.9")):
        figure, _ = each(LATENCY_ORDER[:2], "rtt" + key, "coturn", 1.0, "lower")
        rows.append((f"(reference) end-to-end RTT {name} (idle, moderate)", figure, None))
    figure, ok = each(SETUP_ORDER, "allocationsPerSecond", "coturn", 1.0, "higher")
    rows.append(("allocation setup rate >= coturn", figure, ok))
    figure, ok = each(["hold"], "kbPerAllocationNext", "coturn", 0.5, "lower")
    rows.append(("RSS per idle allocation <= 0.5x coturn", figure, ok))
    lines = [
        "",
        "## Targets",
        "",
        f"Ratios of medians, {FERRY} (the default transport) over the reference server.",
        "",
        "| target | Ferry / reference | verdict |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {figure} | {verdict(ok)} |" for name, figure, ok in rows]
    return lines


def steal_lines(raw, runs, limit):
    """How much the hypervisor took during the kept loads, and which loads were repeated."""
    by_server = {}
    for r in runs:
        if r["metrics"].get("stealPercent") is not None:
            by_server.setdefault(r["server"], []).append(r["metrics"]["stealPercent"])
    kept = [v for values in by_server.values() for v in values]
    if not kept:
        return []
    lines = [
        "",
        "## Steal",
        "",
        "Steal is the time the hypervisor ran something else while this VM's CPUs wanted to run,"
        " in percent of both CPUs over each load's timed window (/proc/stat). A traffic or setup"
        " load with more than the limit was run again on the same server, up to the attempt cap,"
        " and the attempt with the least steal was kept, for every server alike; raw/ holds every"
        " attempt. The memory load is not timed and not repeated.",
        "",
        f"- kept loads: median {median(kept):.1f}%, max {max(kept):.1f}% ({len(kept)} loads)",
    ]
    lines += [
        f"- {server}: median {median(values):.1f}%, max {max(values):.1f}%,"
        f" {sum(v > limit for v in values)} of {len(values)} kept loads over the limit"
        for server, values in sorted(by_server.items())
    ]
    path = os.path.join(raw, "attempts.tsv")
    if os.path.exists(path):
        repeated = {}
        with open(path) as f:
            for line in f:
                rnd, server, load, attempt, _base, _steal = line.rstrip("\n").split("\t")
                if int(attempt) > 1:
                    repeated.setdefault(server, set()).add((rnd, load))
        total = sum(len(v) for v in repeated.values())
        lines.append(
            f"- loads repeated: {total}"
            + (
                " (" + ", ".join(f"{s} {len(v)}" for s, v in sorted(repeated.items())) + ")"
                if total
                else ""
            )
        )
    return lines


def steal_limit(env):
    """The STEAL_LIMIT the run used (from its parameters line), or 5."""
    for item in env.get("parameters", "").split():
        key, _, value = item.partition("=")
        if key == "steal_limit":
            return float(value)
    return 5.0


def main():
    if sys.argv[1] == "--steal":
        load, path, hz, cpus = sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
        value = steal_percent(load, read_phases(path), hz, cpus)
        print("-" if value is None else f"{value:.2f}")
        return
    out, hz = sys.argv[1], float(sys.argv[2])
    raw = os.path.join(out, "raw")
    env = {}
    with open(os.path.join(raw, "environment.txt")) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            env[key] = value
    cpus = int(env.get("cpus") or 1)
    runs = []
    from_warm_up_end = False
    with open(os.path.join(raw, "manifest.tsv")) as f:
        for line in f:
            rnd, server, load, base = line.rstrip("\n").split("\t")
            try:
                with open(base + ".json") as j:
                    result = json.load(j)
            except (OSError, ValueError):
                result = {}
            phases = read_phases(base + ".phases")
            from_warm_up_end = from_warm_up_end or find(phases, "measured") is not None
            runs.append(
                {
                    "round": int(rnd),
                    "server": server,
                    "load": load,
                    "metrics": metrics(load, result, phases, hz, cpus),
                    "failures": result.get("failures", ["no JSON from the generator"]),
                }
            )
    servers = [s for s in SERVER_ORDER if any(r["server"] == s for r in runs)]
    servers += sorted({r["server"] for r in runs} - set(servers))
    med = {}
    for run in runs:
        med.setdefault((run["server"], run["load"]), []).append(run["metrics"])

    def get(server, load, key):
        return median([m.get(key) for m in med.get((server, load), [])])

    rounds = max((r["round"] for r in runs), default=0)
    lines = [
        f"# Ferry vs coturn vs raw forwarder ({env.get('date', '?')[:10]})",
        "",
        f"- date {env.get('date')}, git commit `{env.get('commit')}`",
        f"- machine: {env.get('cpus')} CPUs, {env.get('cpu_model')}, {env.get('kernel')}",
        f"- load average: {env.get('loadavg_start')} at start, {env.get('loadavg_end')} at end"
        " (the host is shared: see Steal below)",
        f"- {env.get('java')}; {env.get('coturn')}",
        f"- medians of {rounds} rounds, servers alternating within each round;"
        f" {env.get('parameters')}",
        "- servers: coturn and Ferry read the same coturn-style file (`-c`); Ferry with "
        + " and ".join(f"`--transport {x[len('ferry-'):]}`" for x in servers if x.startswith("ferry-"))
        + f"; forwarder = benchmarks/forwarder ({env.get('cpus')} threads, no authentication)",
        "",
    ]
    lines += targets(servers, get)
    lines += [
        "",
        "## Relayed traffic",
        "",
        "Relayed packets count both directions (2 per echo). Server CPU is utime+stime of the server"
        " process from "
        + (
            "the end of the generator's warm-up to the end of the drain, divided by the packets"
            " relayed in that time (twice the round trips measured)"
            if from_warm_up_end
            else "the start of traffic to the end of the drain, divided by the packets relayed in"
            " that time"
        )
        + "; cores = CPU seconds per wall second. Packets per server wake-up: the same packets over"
        " the voluntary context switches of all the server's threads in that time (runs from Q"
        " on). The generator (one JVM, one event loop thread by default) shares the same CPUs.",
        "",
        "| load | server | relayed pkt/s | pkt per server CPU-s | server CPU us/pkt"
        " | server cores | generator cores | pkt per server wake-up | loss % | RTT p50 / p99 us |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for load in TRAFFIC_ORDER:
        for server in servers:
            if (server, load) not in med:
                continue
            lines.append(
                f"| {load} | {server} | {fmt(get(server, load, 'relayedPps'))}"
                f" | {fmt(get(server, load, 'packetsPerCpuSecond'))}"
                f" | {fmt(get(server, load, 'cpuUsPerPacket'), 2)}"
                f" | {fmt(get(server, load, 'serverCores'), 2)}"
                f" | {fmt(get(server, load, 'generatorCores'), 2)}"
                f" | {fmt(get(server, load, 'packetsPerWakeup'), 1)}"
                f" | {fmt(get(server, load, 'lossPercent'), 2)}"
                f" | {fmt(get(server, load, 'rttP50Us'))} / {fmt(get(server, load, 'rttP99Us'))} |"
            )
    lines += [
        "",
        "## Ratios (medians)",
        "",
        "Efficiency = relayed packets per server CPU-second; throughput = relayed packets/s.",
        "",
        "| load | epoll eff. / coturn | io_uring eff. / coturn | epoll eff. / forwarder"
        " | coturn eff. / forwarder | epoll pkt/s / forwarder | io_uring pkt/s / forwarder"
        " | coturn pkt/s / forwarder |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for load in TRAFFIC_ORDER:
        eff = {s: get(s, load, "packetsPerCpuSecond") for s in servers}
        pps = {s: get(s, load, "relayedPps") for s in servers}
        lines.append(
            f"| {load} | {ratio(eff.get('ferry-epoll'), eff.get('coturn'))}"
            f" | {ratio(eff.get('ferry-io_uring'), eff.get('coturn'))}"
            f" | {ratio(eff.get('ferry-epoll'), eff.get('forwarder'))}"
            f" | {ratio(eff.get('coturn'), eff.get('forwarder'))}"
            f" | {ratio(pps.get('ferry-epoll'), pps.get('forwarder'))}"
            f" | {ratio(pps.get('ferry-io_uring'), pps.get('forwarder'))}"
            f" | {ratio(pps.get('coturn'), pps.get('forwarder'))} |"
        )
    lines += [
        "",
        "## Round-trip latency through the relay",
        "",
        "End to end: client -> relay -> echo peer -> relay -> client, on the generator's clock"
        " (it shares the CPUs, so its own wake-ups are in it). Added by the relay: the same round"
        " trip from the client's send to the kernel's receipt of the echo, less the time the echo"
        " peer held the datagram after the kernel received it (kernel receive timestamps,"
        " SIOCGSTAMPNS; paced loads only). paced-x10 is the near-idle case, paced-x100/x500"
        " moderate load.",
        "",
        "| load | server | end-to-end p50 us | p99 us | p99.9 us"
        " | added by the relay p50 us | p99 us | p99.9 us |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for load in LATENCY_ORDER:
        for server in servers:
            if (server, load) not in med or server == "forwarder":
                continue
            lines.append(
                f"| {load} | {server} | {fmt(get(server, load, 'rttP50Us'))}"
                f" | {fmt(get(server, load, 'rttP99Us'))} | {fmt(get(server, load, 'rttP999Us'))}"
                f" | {fmt(get(server, load, 'relayRttP50Us'))}"
                f" | {fmt(get(server, load, 'relayRttP99Us'))}"
                f" | {fmt(get(server, load, 'relayRttP999Us'))} |"
            )
    gc_lines = []
    for server in servers:
        if not server.startswith("ferry"):
            continue
        for rnd in range(1, rounds + 1):
            pauses = gc_pauses(os.path.join(raw, f"gc-{server}-r{rnd}.log"))
            if pauses is not None:
                gc_lines.append(
                    f"| {server} | {rnd} | {len(pauses)}"
                    f" | {fmt(max(pauses) if pauses else None, 2)}"
                    f" | {fmt(sum(pauses) if pauses else 0, 1)} |"
                )
    if gc_lines:
        lines += [
            "",
            "GC pauses in Ferry over the whole traffic pass (every load above, warm-up included;"
            " the launcher's G1, -Xms64m -Xmx512m):",
            "",
            "| server | round | pauses | longest ms | total ms |",
            "|---|---:|---:|---:|---:|",
        ] + gc_lines
    lines += [
        "",
        "## Allocation setup",
        "",
        "401, Allocate, CreatePermission, ChannelBind per client; CPU from the first to the last"
        f" setup of the measured pass. Clients come from many loopback"
        " source addresses (see the README: Ferry limits unauthenticated answers per source IP).",
        "",
        "| load | server | allocations/s | setup p50 / p99 us | server CPU ms / allocation | failed |",
        "|---|---|---:|---|---:|---:|",
    ]
    for load in SETUP_ORDER:
        for server in servers:
            if (server, load) not in med:
                continue
            lines.append(
                f"| {load} | {server} | {fmt(get(server, load, 'allocationsPerSecond'))}"
                f" | {fmt(get(server, load, 'setupP50Us'))} / {fmt(get(server, load, 'setupP99Us'))}"
                f" | {fmt(get(server, load, 'cpuMsPerAllocation'), 3)}"
                f" | {fmt(get(server, load, 'failed'))} |"
            )
    lines += [
        "",
        "## Memory per idle allocation",
        "",
        "A fresh server; VmRSS before the generator starts, after N allocations (each with a"
        " permission and a channel) and after N more. Socket buffers live in the kernel and are"
        " not in RSS, for any server. The second figure leaves out one-off costs (JIT, pools,"
        " heap growth).",
        "",
        "| server | allocations held | idle RSS MB | kB / allocation (first N) | kB / allocation (next N) | failed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for server in servers:
        if (server, "hold") not in med:
            continue
        idle = get(server, "hold", "rssIdleKb")
        lines.append(
            f"| {server} | {fmt(get(server, 'hold', 'held'))}"
            f" | {fmt(idle / 1024 if idle is not None else None, 1)}"
            f" | {fmt(get(server, 'hold', 'kbPerAllocationFirst'), 2)}"
            f" | {fmt(get(server, 'hold', 'kbPerAllocationNext'), 2)}"
            f" | {fmt(get(server, 'hold', 'failed'))} |"
        )
    problems = [
        f"- round {r['round']} {r['server']} {r['load']}: {'; '.join(r['failures'][:3])}"
        for r in runs
        if r["failures"]
    ]
    notes_path = os.path.join(raw, "notes.txt")
    if os.path.exists(notes_path):
        with open(notes_path) as f:
            problems += [f"- {line.strip()}" for line in f if line.strip()]
    lines += steal_lines(raw, runs, steal_limit(env))
    if problems:
        lines += ["", "## Notes", ""] + problems
    lines += ["", "Plot: perf.png (relayed packets/s and server CPU per packet, per load)."]
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"environment": env, "runs": runs}, f, indent=1)

    with open(os.path.join(out, "perf.dat"), "w") as f:
        f.write("# load\t" + "\t".join(f"{s} pkt/s" for s in servers))
        f.write("\t" + "\t".join(f"{s} us/pkt" for s in servers) + "\n")
        for load in TRAFFIC_ORDER:
            row = [load.replace("flood-", "")]
            for key in ("relayedPps", "cpuUsPerPacket"):
                for s in servers:
                    v = get(s, load, key)
                    row.append("NaN" if v is None else f"{v:.3f}")
            f.write("\t".join(row) + "\n")
    n = len(servers)
    title = (
        f"Ferry vs coturn vs raw forwarder, {env.get('date', '?')[:10]}, commit"
        f" {env.get('commit')}, {env.get('cpus')} CPUs, median of {rounds} rounds"
    )
    plot1 = ", ".join(
        f"'perf.dat' using {2 + i}{':xtic(1)' if i == 0 else ''} title '{s}'"
        for i, s in enumerate(servers)
    )
    plot2 = ", ".join(
        f"'perf.dat' using {2 + n + i}{':xtic(1)' if i == 0 else ''} title '{s}'"
        for i, s in enumerate(servers)
    )
    with open(os.path.join(out, "perf.gp"), "w") as f:
        f.write(
            f"""cd '{out}'
set terminal pngcairo size 1400,1000 noenhanced font 'sans,11'
set output 'perf.png'
set datafile separator '\\t'
set datafile missing 'NaN'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set grid ytics
set yrange [0:*]
set key outside right top
set xtics rotate by -25
set multiplot layout 2,1 title "{title}"
set ylabel 'relayed packets/s (higher is better)'
set title 'Throughput (flood: window 16 per allocation; paced: 50 pkt/s per allocation)'
plot {plot1}
set ylabel 'server CPU us per relayed packet (lower is better)'
set title 'Server CPU per relayed packet'
plot {plot2}
unset multiplot
"""
        )


if __name__ == "__main__":
    main()
