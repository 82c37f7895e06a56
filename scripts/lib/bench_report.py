#!/usr/bin/env python3
"""Turns the JSON summaries of a scripts/bench run into a table on stdout and the generated
section of docs/BENCHMARKS.md (between the bench markers; everything else is kept)."""

import argparse
import collections
import datetime
import json
import math
import os
import platform
import re
import subprocess
from pathlib import Path

BEGIN = "<!-- bench:begin (scripts/bench writes this section; edit outside the markers) -->"
END = "<!-- bench:end -->"

SCENARIOS = [
    ("a", "(a) 1 workshop x 2,000 participants, 5,000 votes/s"),
    ("b", "(b) 100 workshops x 100 participants, 5,000 votes/s"),
    ("c", "(c) burst: all 10,000 answer 12 competences within 10 s"),
    ("max", "max: every phone votes again when acked (100 x 100)"),
    ("d", "(d) 190 workshops x 100 participants, 5,000 votes/s, two generator processes"),
]
BROADCAST_RUNS = [f"raw-broadcast-{n}" for n in range(1, 6)]
RAW = [("raw-echo", "raw echo: back-to-back round trips")] + [
    (name, f"raw broadcast, run {n}: connect in steps of 1,000, 10 senders, 10 broadcasts/s to every socket")
    for n, name in enumerate(BROADCAST_RUNS, 1)
]


def load(run: Path, name: str):
    path = run / f"{name}.json"
    if path.exists():
        return json.loads(path.read_text())
    parts = sorted(run.glob(f"{name}-[0-9]*.json"))
    return merge([json.loads(part.read_text()) for part in parts]) if parts else None


def percentile(buckets, total, p):
    """HdrHistogram's rule: the lowest recorded value with at least p % of the counts at or below it."""
    wanted = max(1, math.ceil(p / 100 * total))
    seen = 0
    for value, count in buckets:
        seen += count
        if seen >= wanted:
            return value
    return buckets[-1][0] if buckets else 0


def merge_latency(summaries):
    counts = {}
    for summary in summaries:
        for value, count in summary.get("buckets") or []:
            counts[value] = counts.get(value, 0) + count
    buckets = sorted(counts.items())
    total = sum(count for _, count in buckets)
    if not total:
        return {"count": 0}
    merged = {"count": total, "mean": round(sum(v * c for v, c in buckets) / total / 1000, 3)}
    for key, p in (("p50", 50), ("p90", 90), ("p99", 99), ("p999", 99.9)):
        merged[key] = percentile(buckets, total, p) / 1000
    merged["max"] = max(s.get("max") or 0 for s in summaries)
    return merged


def merge(parts):
    """One summary for a scenario several generator processes drove together (`together` in
    scripts/bench): their workshops are disjoint and their vote phases start at one instant."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    total = lambda key: sum(part[key] for part in parts)  # noqa: E731
    votes = {key: sum(part["votes"].get(key) or 0 for part in parts)
             for key in ("sent", "acked", "refused", "unresolved", "lost", "unexpected")}
    # Every process read the server's vote counter after all of them were done: the same figure.
    votes["serverCounted"] = max((part["votes"].get("serverCounted") or 0) for part in parts)
    def counts(key):
        return dict(sum((collections.Counter(part.get(key) or {}) for part in parts), collections.Counter()))
    servers = [part.get("server") or {} for part in parts]
    cpu = max((server.get("cpuSecondsDuringVotes") or 0) for server in servers)
    seconds = max(part["voteSeconds"] for part in parts)
    merged = dict(first)
    merged.update({
        "scenario": first["scenario"].rsplit("-", 1)[0], "parties": len(parts),
        "workshops": total("workshops"), "participants": total("participants"),
        "connections": total("connections"), "connected": total("connected"),
        "offeredVotesPerSecond": total("offeredVotesPerSecond"), "voteSeconds": seconds,
        "votesPerSecond": votes["acked"] / seconds if seconds else 0, "votes": votes,
        "errors": counts("errors"), "joinFailures": counts("joinFailures"),
        "ackLatencyMs": merge_latency([part["ackLatencyMs"] for part in parts]),
        "boardFreshnessMs": merge_latency([part["boardFreshnessMs"] for part in parts]),
        "seqGaps": total("seqGaps"),
        "talliesConsistent": all(part["talliesConsistent"] for part in parts),
        "tallyProblems": [problem for part in parts for problem in part["tallyProblems"]],
        "server": {
            "peakRSSBytes": max((server.get("peakRSSBytes") or 0) for server in servers) or None,
            "cpuSecondsDuringVotes": cpu,
            "cpuMicrosPerVote": round(cpu / votes["acked"] * 1e6, 1) if votes["acked"] else None,
        },
    })
    return merged


def sh(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=20).stdout.strip()
    except OSError:
        return ""


def machine():
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) * 1024
    os_name = ""
    if Path("/etc/os-release").exists():
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    swift = sh("swift", "--version").splitlines()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": memory, "os": os_name, "kernel": platform.release(),
        "swift": swift[0] if swift else "", "files": sh("bash", "-c", "ulimit -Hn"),
    }


def commit(root: Path):
    head = sh("git", "-C", str(root), "rev-parse", "--short=12", "HEAD")
    dirty = sh("git", "-C", str(root), "status", "--porcelain", "--untracked-files=no")
    return head + (" with uncommitted changes" if dirty else "")


def ms(summary, key):
    value = (summary or {}).get(key)
    return "–" if value is None else f"{value:,.1f}" if value >= 10 else f"{value:.2f}"


def latency(summary, keys=("p50", "p99", "max")):
    if not summary or not summary.get("count"):
        return "–"
    return " / ".join(ms(summary, key) for key in keys)


def number(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def mib(value):
    return "–" if value is None else f"{value / 1048576:,.0f} MiB"


def kib(value):
    return "–" if value is None else f"{value / 1024:,.1f} KB"


def errors(summary):
    found = dict(summary.get("errors") or {})
    for reason, count in (summary.get("joinFailures") or {}).items():
        found[f"join: {reason}"] = count
    if not found:
        return "0"
    return ", ".join(f"{code} {count}" for code, count in sorted(found.items()))


def app_rows(run):
    rows = []
    for name, title in SCENARIOS:
        s = load(run, name)
        if s is None:
            rows.append([title, "failed (see the run folder)"] + [""] * 10)
            continue
        server = s.get("server") or {}
        participants = s["participants"]
        peak = server.get("peakRSSBytes")
        rows.append([
            title,
            f"{s['connected']:,} / {s['connections']:,}",
            number(s["offeredVotesPerSecond"]),
            number(s["votesPerSecond"]),
            latency(s["ackLatencyMs"]),
            latency(s["boardFreshnessMs"], ("p50", "p99")),
            f"{s['votes']['lost']} (of {s['votes']['acked']:,} acked; {s['votes']['unresolved']} unanswered)",
            "yes" if s["talliesConsistent"] else "NO: " + "; ".join(s["tallyProblems"][:3]),
            errors(s),
            mib(peak),
            kib(peak / participants if peak else None),
            number(server.get("cpuMicrosPerVote"), 1),
        ])
    return rows


def raw_rows(run):
    rows = []
    for name, title in RAW:
        s = load(run, name)
        if s is None:
            rows.append([title, "failed (see the run folder)"] + [""] * 5)
            continue
        if s["mode"] == "echo":
            rate = f"{number(s.get('echoesPerSecond'))} echoes/s"
            lat = latency(s.get("echoLatencyMs"))
        else:
            rate = (f"{number(s.get('deliveriesPerSecond'))} deliveries/s "
                    f"({number(s.get('broadcastsPerSecond'), 1)} broadcasts/s x {s.get('listenerCount') or 0:,}; "
                    f"{s.get('stepBroadcasts') or 0} more while connecting; {s.get('missingDeliveries', 0)} missing)")
            lat = latency(s.get("deliveryLatencyMs"))
        rows.append([
            title, f"{s['connected']:,} / {s['connections']:,}", rate, lat,
            number(s.get("serverCPUMicrosPerMessage"), 1), kib(s.get("serverBytesPerConnection")),
            mib(s.get("serverRSSBytes")),
        ])
    return rows


def targets(run):
    a, b, c, top, echo, d = (load(run, n) for n in ("a", "b", "c", "max", "raw-echo", "d"))
    broadcasts = [load(run, n) for n in BROADCAST_RUNS]
    out = []

    def add(target, figure, met):
        out.append([target, figure, "met" if met else ("MISSED" if met is False else "not measured")])

    if b:
        participants = b["connected"] - 2 * b["workshops"]
        add("10,000 connected participants", f"{participants:,} participants connected in (b)", participants >= 10000)
    else:
        add("10,000 connected participants", "–", None)
    for name, s in (("a", a), ("b", b), ("d", d)):
        if not s:
            add(f"5,000 votes/s sustained, ack p99 < 100 ms ({name})", "–", None)
            continue
        rate = s["votesPerSecond"]
        p99 = s["ackLatencyMs"].get("p99")
        fresh = s["boardFreshnessMs"].get("p99")
        add(f"5,000 votes/s sustained with ack p99 < 100 ms ({name})",
            f"{rate:,.0f} votes/s, ack p99 {ms(s['ackLatencyMs'], 'p99')} ms",
            rate >= 0.98 * 5000 and p99 is not None and p99 < 100)
        add(f"board freshness p99 < 250 ms ({name})", f"{ms(s['boardFreshnessMs'], 'p99')} ms",
            fresh is not None and fresh < 250)
    if d:
        participants = d["connected"] - 2 * d["workshops"]
        add("19,000 participants in 190 workshops on one box (d)",
            f"{participants:,} participants connected, from {d.get('parties', 1)} generator processes",
            participants >= 19000)
    else:
        add("19,000 participants in 190 workshops on one box (d)", "–", None)
    runs = [s for s in (a, b, c, top, d) if s]
    lost = sum(s["votes"]["lost"] for s in runs)
    unresolved = sum(s["votes"]["unresolved"] for s in runs)
    add("zero lost votes (every scenario)",
        f"{lost} lost, {unresolved} unanswered of {sum(s['votes']['acked'] for s in runs):,} acked",
        (lost == 0 and unresolved == 0 and all(s["talliesConsistent"] for s in runs)) if runs else None)
    if b and (b.get("server") or {}).get("peakRSSBytes"):
        per = b["server"]["peakRSSBytes"] / b["participants"]
        add("server memory <= 30 KB per participant (b)", f"{per / 1024:,.1f} KB (peak RSS / participants in (b))",
            per <= 30 * 1024)
    else:
        add("server memory <= 30 KB per participant (b)", "–", None)
    per_connection = [s.get("serverBytesPerConnection") for s in [echo] + broadcasts if s and s.get("serverBytesPerConnection")]
    if per_connection:
        least = min(per_connection)
        add("raw connection <= 20 KB (Go/gorilla's 19.9 KB)", f"{least / 1024:,.1f} KB (RSS added per raw connection)",
            least <= 20 * 1024)
    else:
        add("raw connection <= 20 KB (Go/gorilla's 19.9 KB)", "–", None)
    if b and (b.get("server") or {}).get("cpuMicrosPerVote"):
        micros = b["server"]["cpuMicrosPerVote"]
        add("server CPU <= 70 µs per vote (b)", f"{micros:,.1f} µs", micros <= 70)
    else:
        add("server CPU <= 70 µs per vote (b)", "–", None)
    if top and echo and echo.get("echoesPerSecond"):
        ratio = top["votesPerSecond"] / echo["echoesPerSecond"]
        add("vote throughput >= 0.8 of the raw message rate",
            f"{top['votesPerSecond']:,.0f} votes/s / {echo['echoesPerSecond']:,.0f} echoes/s = {ratio:.2f}", ratio >= 0.8)
    else:
        add("vote throughput >= 0.8 of the raw message rate", "–", None)
    done = [s for s in broadcasts if s]
    if done:
        missing = [s.get("missingDeliveries", 0) for s in done]
        add("raw broadcast: every broadcast delivered, 5 runs",
            f"missing per run: {', '.join(str(m) for m in missing)}", len(done) == 5 and not any(missing))
    else:
        add("raw broadcast: every broadcast delivered, 5 runs", "–", None)
    return out


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


APP_HEADER = ["scenario", "sockets welcomed", "offered votes/s", "acked votes/s", "ack ms p50 / p99 / max",
              "board freshness ms p50 / p99", "lost votes", "tallies consistent", "errors", "server peak RSS",
              "RSS per participant", "server CPU µs/vote"]
RAW_HEADER = ["scenario", "sockets", "rate", "latency ms p50 / p99 / max", "server CPU µs/message",
              "memory per connection", "server RSS"]


def section(run, command, root):
    m = machine()
    top, echo = load(run, "max"), load(run, "raw-echo")
    ratio = ""
    if top and echo and echo.get("echoesPerSecond"):
        ratio = (f"**App / raw: {top['votesPerSecond']:,.0f} votes/s (max) / {echo['echoesPerSecond']:,.0f} "
                 f"echoes/s (raw echo) = {top['votesPerSecond'] / echo['echoesPerSecond']:.2f}** "
                 "(same 10,000 sockets, same generator, both closed loop at most 15 messages/s per socket).")
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        BEGIN,
        "## Latest run",
        "",
        f"- **When:** {generated}",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['memory'] / 2**30:.0f} GiB, {m['os']}, "
        f"Linux {m['kernel']}; open files {m['files']} per process",
        f"- **Toolchain:** {m['swift']}",
        f"- **Commit:** {commit(root)}",
        f"- **Command:** `{command.strip()}` (raw JSON: `{run.relative_to(root) if run.is_relative_to(root) else run}`)",
        "- **Set-up:** release builds; a fresh server process and data folder per scenario; the generator "
        "(`wheelhouse-load`) is a second process on the same 2 cores, over 127.0.0.1. Votes are acked only "
        "after their SQLite transaction committed (WAL, synchronous=FULL).",
        "",
        "### Targets",
        "",
        table(["target", "figure", "result"], targets(run)),
        "",
        "### Workshop scenarios",
        "",
        table(APP_HEADER, app_rows(run)),
        "",
        "### Raw baseline (`/ws/raw`: no workshop logic, no storage)",
        "",
        table(RAW_HEADER, raw_rows(run)),
        "",
        ratio,
        END,
    ]
    return "\n".join(parts) + "\n"


def write(path: Path, generated: str):
    if path.exists():
        text = path.read_text()
        pattern = re.compile(re.escape(BEGIN.split(" (")[0]) + r".*?" + re.escape(END) + r"\n?", re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _: generated, text, count=1)
        else:
            # Keep what is there (e.g. other sections) and put the run after the title.
            lines = text.splitlines(keepends=True)
            at = 1 if lines and lines[0].startswith("# ") else 0
            text = "".join(lines[:at]) + "\n" + generated + "\n" + "".join(lines[at:])
    else:
        text = "# Benchmarks\n\n" + generated
    path.write_text(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", required=True, type=Path)
    parser.add_argument("--command", default="scripts/bench")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    run = args.run.resolve()
    generated = section(run, args.command, args.root.resolve())
    # The table on stdout: the generated Markdown without the markers.
    print("\n".join(line for line in generated.splitlines() if not line.startswith("<!--")))
    if args.write:
        write(args.write, generated)
        print(f"\nwrote {args.write}")


if __name__ == "__main__":
    main()
