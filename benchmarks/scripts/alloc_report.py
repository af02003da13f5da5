#!/usr/bin/env python3
"""Allocation per relayed packet on Ferry's event loop threads, from alloc-profile.sh's recording.

Args: label udp-io out-dir threads.json samples.json load...
threads.json and samples.json are `jfr print --json` of jdk.ThreadAllocationStatistics and
jdk.ObjectAllocationSample; out-dir holds <label>-<load>.json (TurnLoad) and .phases (one
"phase epoch-seconds" line per phase). Appends to out-dir/summary.md and prints what it appended.
"""
import collections
import datetime
import json
import os
import sys

LOOP_PREFIX = "ferry-io"
TOP_SITES = 6


def epoch(iso):
    # JFR prints nanoseconds and a Z; fromisoformat takes microseconds and an offset.
    date, frac = iso.rstrip("Z").split(".") if "." in iso else (iso.rstrip("Z"), "0")
    stamp = datetime.datetime.fromisoformat(date + "+00:00")
    return stamp.timestamp() + float("0." + frac)


def thread_name(thread):
    return (thread or {}).get("javaName") or (thread or {}).get("osName") or "?"


def load_series(path):
    """{thread: [(epoch, allocated bytes)]} from jdk.ThreadAllocationStatistics."""
    series = collections.defaultdict(list)
    for event in json.load(open(path))["recording"]["events"]:
        values = event["values"]
        series[thread_name(values["thread"])].append((epoch(values["startTime"]), values["allocated"]))
    for points in series.values():
        points.sort()
    return series


def at_or_before(points, t):
    before = [p for p in points if p[0] <= t]
    return before[-1] if before else None


def at_or_after(points, t):
    after = [p for p in points if p[0] >= t]
    return after[0] if after else None


def loop_bytes(series, lower, upper):
    """Bytes the loop threads allocated between two sample rounds, and the seconds between them."""
    total, span, threads = 0, None, 0
    for name, points in series.items():
        if not name.startswith(LOOP_PREFIX):
            continue
        a, b = lower(points), upper(points)
        if a is None or b is None or b[0] <= a[0]:
            continue
        total += b[1] - a[1]
        span = b[0] - a[0]
        threads += 1
    return total, span, threads


def frame_text(frame):
    method = frame["method"]
    owner = method["type"]["name"].replace("/", ".")
    return f"{owner.rsplit('.', 1)[-1]}.{method['name']}:{frame.get('lineNumber', -1)}"


def sites(samples, start, end):
    """Sampled allocation on the loop threads in [start, end], by top frame."""
    weight, count, ferry_frame = collections.Counter(), collections.Counter(), {}
    for event in samples:
        values = event["values"]
        if not thread_name(values.get("eventThread")).startswith(LOOP_PREFIX):
            continue
        t = epoch(values["startTime"])
        if not start <= t <= end:
            continue
        frames = (values.get("stackTrace") or {}).get("frames") or []
        top = frame_text(frames[0]) if frames else "?"
        key = (values["objectClass"]["name"].replace("/", "."), top)
        weight[key] += values["weight"]
        count[key] += 1
        if key not in ferry_frame:
            ferry = [frame_text(f) for f in frames if f["method"]["type"]["name"].startswith("dev/ferry")]
            ferry_frame[key] = ferry[0] if ferry else ""
    return [(key, weight[key], count[key], ferry_frame[key]) for key, _ in weight.most_common(TOP_SITES)]


def main():
    label, udp_io, out, threads_path, samples_path, *loads = sys.argv[1:]
    series = load_series(threads_path)
    samples = json.load(open(samples_path))["recording"]["events"]
    summary = os.path.join(out, "summary.md")
    rows, details = [], []
    for load in loads:
        base = os.path.join(out, f"{label}-{load}")
        result = json.load(open(base + ".json"))
        phases = {}
        for line in open(base + ".phases"):
            name, stamp = line.split()
            phases.setdefault(name, float(stamp))
        relayed = 2 * result["receivedTotal"]
        # Whole load: the last sample round before it started to the first after it ended.
        whole, whole_span, threads = loop_bytes(
            series, lambda p: at_or_before(p, phases["start"]), lambda p: at_or_after(p, phases["end"]))
        # Steady traffic: sample rounds strictly inside the traffic phase, drain excluded.
        traffic, drained = phases["traffic"], phases.get("drained", phases["end"]) - 0.5
        steady, steady_span, _ = loop_bytes(
            series, lambda p: at_or_after(p, traffic), lambda p: at_or_before(p, drained))
        pps = result["relayedPps"]
        steady_rate = steady / steady_span if steady_span else float("nan")
        rows.append(
            f"| {label} | {udp_io} | {load} | {relayed} | {whole} | "
            f"{whole / relayed if relayed else float('nan'):.3f} | {steady_rate:.0f} | {pps:.0f} | "
            f"{steady_rate / pps if pps else float('nan'):.4f} | {result['lossPercent']:.2f} |")
        # The same window as the steady rate: the release of the allocations, right after the
        # traffic, logs and clears tables, and must not be charged to the traffic.
        top = sites(samples, traffic, drained)
        details.append(f"\n#### {label} {load}: top allocation sites on {LOOP_PREFIX}-* during traffic\n")
        if not top:
            details.append("No allocation sample on the loop threads during the traffic.\n")
        else:
            details.append("| object | top frame | first Ferry frame | samples | sampled bytes |")
            details.append("|---|---|---|---|---|")
            for (cls, frame), weight, count, ferry in top:
                details.append(f"| {cls} | {frame} | {ferry} | {count} | {weight} |")
        if threads == 0:
            details.append(f"\n(no {LOOP_PREFIX}-* thread found in jdk.ThreadAllocationStatistics)")
    new_file = not os.path.exists(summary)
    with open(summary, "a") as f:
        if new_file:
            f.write("# Heap allocation per relayed packet (alloc-profile.sh)\n\n"
                    "Whole load: bytes the ferry-io-* threads allocated from the last 1 s JFR sample before the load "
                    "to the first after it (setup and release of its allocations included), divided by relayed "
                    "packets (receivedTotal x 2). Steady: allocation rate between the samples inside the traffic "
                    "phase divided by the generator's relayed packets/s. Sampled bytes are JFR's weights "
                    "(bytes the thread allocated since its previous sample, which may include allocation before the "
                    "window), an estimate; a thread that allocates a few KB/s gets a sample only when its TLAB "
                    "fills, so a site list is expected only if something allocates per packet.\n")
        f.write(f"\n## {label} (udp-io {udp_io}), {datetime.datetime.now().isoformat(timespec='seconds')}\n\n")
        f.write("| run | udp-io | load | relayed packets | loop bytes (whole) | B/packet (whole) | "
                "loop B/s (steady) | relayed pps | B/packet (steady) | loss % |\n")
        f.write("|---|---|---|---|---|---|---|---|---|---|\n")
        f.write("\n".join(rows) + "\n")
        f.write("\n".join(details) + "\n")
    print("\n".join(rows))
    print("\n".join(details))


if __name__ == "__main__":
    main()
