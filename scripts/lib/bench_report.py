#!/usr/bin/env python3
"""Turns the JSON summaries of a scripts/bench run into a table on stdout and the generated
section of docs/BENCHMARKS.md (between the bench markers; everything else is kept)."""

import argparse
import datetime
import json
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
]
RAW = [
    ("raw-echo", "raw echo: back-to-back round trips"),
    ("raw-broadcast", "raw broadcast: 10 senders, 10 broadcasts/s to every socket"),
]


def load(run: Path, name: str):
    path = run / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


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
                    f"{s.get('missingDeliveries', 0)} missing)")
            lat = latency(s.get("deliveryLatencyMs"))
        rows.append([
            title, f"{s['connected']:,} / {s['connections']:,}", rate, lat,
            number(s.get("serverCPUMicrosPerMessage"), 1), kib(s.get("serverBytesPerConnection")),
            mib(s.get("serverRSSBytes")),
        ])
    return rows


def targets(run):
    a, b, c, top, echo = (load(run, n) for n in ("a", "b", "c", "max", "raw-echo"))
    out = []

    def add(target, figure, met):
        out.append([target, figure, "met" if met else ("MISSED" if met is False else "not measured")])

    if b:
        participants = b["connected"] - 2 * b["workshops"]
        add("10,000 connected participants", f"{participants:,} participants connected in (b)", participants >= 10000)
    else:
        add("10,000 connected participants", "–", None)
    for name, s in (("a", a), ("b", b)):
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
    runs = [s for s in (a, b, c, top) if s]
    lost = sum(s["votes"]["lost"] for s in runs)
    unresolved = sum(s["votes"]["unresolved"] for s in runs)
    add("zero lost votes (every scenario)",
        f"{lost} lost, {unresolved} unanswered of {sum(s['votes']['acked'] for s in runs):,} acked",
        (lost == 0 and unresolved == 0 and all(s["talliesConsistent"] for s in runs)) if runs else None)
    if b and (b.get("server") or {}).get("peakRSSBytes"):
        per = b["server"]["peakRSSBytes"] / b["participants"]
        add("server memory < 50 KB per participant", f"{per / 1024:,.1f} KB (peak RSS / participants in (b))", per < 50 * 1024)
    else:
        add("server memory < 50 KB per participant", "–", None)
    if top and echo and echo.get("echoesPerSecond"):
        ratio = top["votesPerSecond"] / echo["echoesPerSecond"]
        add("vote throughput >= half the raw message rate",
            f"{top['votesPerSecond']:,.0f} votes/s / {echo['echoesPerSecond']:,.0f} echoes/s = {ratio:.2f}", ratio >= 0.5)
    else:
        add("vote throughput >= half the raw message rate", "–", None)
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
