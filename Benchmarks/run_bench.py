#!/usr/bin/env python3
"""Measure and tabulate the parse benchmark (called by Benchmarks/parse).

Standard library only.  Runs, over the same files:

  * feedwatch parse --summary-only FILE...      (one process, all files)
  * feedwatch parse BIG > /dev/null             (JSON output, big file alone)
  * py_parsers.py --parser feedparser           (one process, all files)
  * py_parsers.py --parser fastfeedparser       (one process, all files)
  * xmllint --noout XMLFILE...                  (libxml2 alone, XML files only)

each RUNS times, keeping the fastest run; then peak RSS (GNU time -v) on the
big file.  Prints the tables, and writes every figure to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# feedwatch's summary line: "<file>: <format>, <N> items, ..." on stderr, maybe
# behind a "feedwatch: " prefix.  Warning lines ("<file>: warning: ...") do not
# match, as the format may not contain ':' or ','.
LINE_RE = re.compile(r"^(?:feedwatch: )?(?P<path>.+?): (?P<format>[^,:]+), (?P<n>\d+) items\b")
ITEMS_RE = re.compile(r"(\d+) items")   # fallback if no line has that shape
# feedwatch parse --summary-only's last line: the time spent in FeedParser.parse alone (files already
# read, nothing printed): the same span py_parsers.py times for the Python parsers.
PARSE_ONLY_RE = re.compile(r"^(?:feedwatch: )?parse-only seconds: (?P<s>[0-9.]+)")
MB = 1_000_000          # throughput figures use decimal megabytes
MEMORY_TARGET = 5.0     # peak RSS < 5x the file size
TARGET_VS_FEEDPARSER = 50.0
TARGET_VS_FASTFEEDPARSER = 1.0


def say(msg: str = "") -> None:
    print(msg, flush=True)


def note(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


@dataclass
class Row:
    name: str
    files: int
    nbytes: int
    seconds: float | None = None      # timed figure (Python: parse loop only)
    wall: float | None = None         # whole process
    items: int | None = None
    failed: int = 0
    runs: list = field(default_factory=list)
    wall_runs: list = field(default_factory=list)
    note: str = ""
    ok: bool = True

    @property
    def mbps(self):
        return self.nbytes / MB / self.seconds if self.seconds else None

    @property
    def wall_mbps(self):
        return self.nbytes / MB / self.wall if self.wall else None

    @property
    def items_per_s(self):
        return self.items / self.seconds if self.seconds and self.items is not None else None


# ---------------------------------------------------------------------------
# Running things
# ---------------------------------------------------------------------------


def timed(cmd, *, stdout=subprocess.DEVNULL, timeout=None, cwd=None):
    """Run cmd, return (seconds, returncode, stdout bytes|None, stderr bytes)."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE,
                           timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired as e:
        return time.perf_counter() - t0, "timeout", e.stdout, e.stderr or b""
    except OSError as e:
        return 0.0, f"cannot run: {e}", None, b""
    return time.perf_counter() - t0, p.returncode, p.stdout, p.stderr


def tail(b: bytes | None, n: int = 8) -> str:
    if not b:
        return "    (no output)"
    lines = b.decode("utf-8", "replace").rstrip().splitlines()
    return "\n".join("    " + line for line in lines[-n:])


def describe_rc(rc) -> str:
    if isinstance(rc, int) and rc < 0:
        return f"killed by signal {-rc}"
    if isinstance(rc, int):
        return f"exit status {rc}"
    return str(rc)


def run_feedwatch(label, bin_, args, files, nbytes, runs, timeout, json_out=False):
    """Time `feedwatch parse ARGS FILES`; parse the summary lines on stderr.

    A run that crashes, times out, or (with --summary-only) prints no summary
    line at all marks the row FAILED.  A non-zero exit with summary lines
    (some files rejected) is kept, with a note; `failed` counts the files
    without a summary line.  With json_out, any non-zero exit is a failure.
    """
    row = Row(label, len(files), nbytes)
    cmd = [bin_, "parse", *args, *files]
    per_file = {}

    def fail(why):
        row.ok = False
        row.note = why
        return row, {}

    parse_runs = []
    for i in range(runs):
        secs, rc, _out, err = timed(cmd, timeout=timeout)
        if rc != 0:
            note(f"{label}: run {i + 1}: {describe_rc(rc)}; last stderr lines:\n{tail(err)}")
            if not isinstance(rc, int) or rc < 0 or json_out:
                return fail(describe_rc(rc))
        row.wall_runs.append(secs)
        items = lines = recovered = 0
        per_file = {}
        text = err.decode("utf-8", "replace").splitlines()
        for line in text:
            p = PARSE_ONLY_RE.match(line)
            if p:
                parse_runs.append(float(p.group("s")))
                continue
            m = LINE_RE.match(line)
            if m:
                items += int(m.group("n"))
                lines += 1
                per_file[m.group("path")] = int(m.group("n"))
                if "NOT well-formed" in line:
                    recovered += 1
        if lines == 0:
            for line in text:
                m = ITEMS_RE.search(line)
                if m:
                    items += int(m.group(1))
                    lines += 1
        if not json_out:
            if lines == 0:
                note(f"{label}: no '<file>: <format>, <N> items' line on stderr; stderr was:\n{tail(err)}")
                return fail(f"no summary lines on stderr ({describe_rc(rc)})")
            row.items = items
            row.failed = max(0, len(files) - lines)
        notes = []
        if rc != 0:
            notes.append(f"{describe_rc(rc)} (summary lines for {lines} of {len(files)} files)")
        if recovered:
            notes.append(f"{recovered} file(s) NOT well-formed, recovered")
        row.note = "; ".join(notes)
    row.wall = min(row.wall_runs)
    if len(parse_runs) == len(row.wall_runs):
        # Like the Python rows: the parse loop alone; the whole process is in 'wall s'.
        row.runs = parse_runs
        row.seconds = min(parse_runs)
    else:
        # An older feedwatch, or JSON output: the whole process is the timed figure.
        row.runs = row.wall_runs
        row.seconds = row.wall
    return row, per_file


def run_python(parser, py, helper, list_file, files, nbytes, runs, text, timeout):
    label = f"{parser} ({text} text)"
    row = Row(label, len(files), nbytes)
    cmd = [py, str(helper), "--parser", parser, "--text", text, "--files-from", str(list_file)]
    for i in range(runs):
        secs, rc, out, err = timed(cmd, stdout=subprocess.PIPE, timeout=timeout)
        if rc != 0:
            note(f"{label}: run {i + 1} failed ({describe_rc(rc)}):\n{tail(err)}")
            row.ok = False
            row.note = describe_rc(rc)
            return row, {}
        res = json.loads(out)
        row.runs.append(res["parse_seconds"])
        row.wall_runs.append(secs)
        row.items = res["items"]
        row.failed = res["errors"]
        detail = res
    row.seconds = min(row.runs)
    row.wall = min(row.wall_runs)
    extra = []
    if detail["empty"]:
        extra.append(f"{detail['empty']} file(s) gave 0 entries")
    if detail.get("bozo"):
        extra.append(f"{detail['bozo']} bozo")
    row.note = ", ".join(extra)
    return row, detail


def merged(acc: Row | None, new: Row) -> Row:
    """One more run of a row: runs pooled, the fastest kept; a failed run makes the row failed."""
    if acc is None or not new.ok:
        return new
    acc.runs += new.runs
    acc.wall_runs += new.wall_runs
    acc.seconds = min(acc.runs)
    acc.wall = min(acc.wall_runs)
    acc.items, acc.failed, acc.note = new.items, new.failed, new.note
    return acc


def run_xmllint(xmllint, files, nbytes, runs, timeout):
    row = Row("xmllint --noout (XML only)", len(files), nbytes)
    cmd = [xmllint, "--noout", *files]
    bad = set()
    for i in range(runs):
        secs, rc, _out, err = timed(cmd, timeout=timeout)
        if rc == "timeout" or (isinstance(rc, int) and rc < 0) or not isinstance(rc, int):
            note(f"xmllint: run {i + 1} failed ({describe_rc(rc)})")
            row.ok = False
            row.note = describe_rc(rc)
            return row
        row.runs.append(secs)
        bad = set()
        fileset = set(files)
        for line in err.decode("utf-8", "replace").splitlines():
            m = re.match(r"^(.+?):\d+: ", line)
            if m and m.group(1) in fileset:
                bad.add(m.group(1))
    row.failed = len(bad)
    if bad:
        row.note = "not well-formed: " + ", ".join(sorted(os.path.basename(b) for b in bad))
    row.seconds = row.wall = min(row.runs)
    row.wall_runs = row.runs
    return row


def peak_rss(cmd, gnu_time, timeout):
    """Run cmd under GNU time -v; return (max RSS bytes, seconds, rc)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = [gnu_time, "-v", "-o", tf.name, *cmd]
        secs, rc, _out, err = timed(full, timeout=timeout)
        report = Path(tf.name).read_text(errors="replace")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    if rc != 0:
        note(f"{' '.join(cmd[:3])} ...: {describe_rc(rc)}\n{tail(err)}")
    return (int(m.group(1)) * 1024 if m else None), secs, rc


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def fmt(v, spec, dash="-"):
    return dash if v is None else format(v, spec)


def print_table(rows: list[Row]):
    hdr = (f"{'parser':<40} {'files':>5} {'MB':>7} {'seconds':>8} {'MB/s':>8} "
           f"{'items':>7} {'items/s':>9} {'wall s':>7} {'failed':>6}")
    say(hdr)
    say("-" * len(hdr))
    for r in rows:
        if not r.ok:
            say(f"{r.name:<40} {r.files:>5} {r.nbytes / MB:>7.1f}   FAILED: {r.note}")
            continue
        say(f"{r.name:<40} {r.files:>5} {r.nbytes / MB:>7.1f} {fmt(r.seconds, '8.3f'):>8} "
            f"{fmt(r.mbps, '8.2f'):>8} {fmt(r.items, 'd'):>7} {fmt(r.items_per_s, '9.0f'):>9} "
            f"{fmt(r.wall, '7.2f'):>7} {r.failed:>6}")
    notes = [(r.name, r.note) for r in rows if r.ok and r.note]
    for name, n in notes:
        say(f"  {name}: {n}")


def ratio_line(label, fw: Row, other: Row | None, target: float | None):
    if other is None:
        return f"  vs {label:<16} (not run)"
    if not (fw.ok and other.ok and fw.mbps and other.mbps):
        return f"  vs {label:<16} n/a"
    r = fw.mbps / other.mbps
    s = f"  vs {label:<16} {r:8.2f}x"
    if other.wall is not None and other.wall != other.seconds:
        s += f"   (whole-process wall: {fw.wall_mbps / other.wall_mbps:.2f}x)"
    if target is not None:
        s += f"   target >= {target:g}x: {'PASS' if r >= target else 'FAIL'}"
    return s


# ---------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description="Run the parse benchmark (see Benchmarks/README.md).")
    ap.add_argument("--feedwatch", required=True, help="feedwatch executable")
    ap.add_argument("--python", required=True, help="venv python with feedparser, fastfeedparser, lxml")
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--fixtures", type=Path, help="feed-rs fixtures directory (optional)")
    ap.add_argument("--xmllint", help="xmllint executable (row skipped if not given)")
    ap.add_argument("--gnu-time", default="/usr/bin/time")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--text", default="lxml", choices=["lxml", "regex"])
    ap.add_argument("--parsers", default="feedwatch,feedparser,fastfeedparser,xmllint")
    ap.add_argument("--memory", type=int, default=1, help="0 to skip the peak-memory runs")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per process")
    ap.add_argument("--results", type=Path, help="write all figures here as JSON")
    args = ap.parse_args()

    wanted = {p.strip() for p in args.parsers.split(",") if p.strip()}
    unknown = wanted - {"feedwatch", "feedparser", "fastfeedparser", "xmllint"}
    if unknown:
        ap.error(f"unknown parser(s) in PARSERS: {', '.join(sorted(unknown))}")
    here = Path(__file__).resolve().parent
    helper = here / "py_parsers.py"
    root = Path.cwd()

    def rel(p: Path) -> str:
        try:
            return os.path.relpath(p, root)
        except ValueError:
            return str(p)

    # ---- the file set -----------------------------------------------------
    manifest = args.corpus / "MANIFEST.tsv"
    expected = {}
    files: list[str] = []
    big = None
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        path, _fmt, items, _size = line.split("\t")
        p = rel(args.corpus / path)
        if path.startswith("big-"):
            big = p
            continue
        files.append(p)
        expected[p] = int(items)
    n_generated = len(files)
    n_fixtures = 0
    if args.fixtures and args.fixtures.is_dir():
        fx = sorted(p for p in args.fixtures.rglob("*")
                    if p.is_file() and (p.suffix in (".xml", ".json"))
                    and not p.name.endswith(".serde.json"))
        files += [rel(p) for p in fx]
        n_fixtures = len(fx)
    sizes = {f: os.path.getsize(f) for f in files}
    total = sum(sizes.values())
    xml_files = [f for f in files if not f.endswith(".json")]
    xml_bytes = sum(sizes[f] for f in xml_files)
    big_bytes = os.path.getsize(big) if big else 0

    list_file = tempfile.NamedTemporaryFile("w", suffix=".files", delete=False)
    list_file.write("\n".join(files) + "\n")
    list_file.close()

    say("")
    say("feedwatch parse benchmark")
    say(f"  host: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    say(f"  feedwatch: {args.feedwatch}")
    say(f"  files: {len(files)} ({n_generated} generated feeds in {rel(args.corpus)}"
        + (f" + {n_fixtures} feed-rs fixtures" if n_fixtures else ", feed-rs fixtures absent")
        + f"), {total / MB:.1f} MB; {len(xml_files)} XML files, {xml_bytes / MB:.1f} MB")
    say(f"  generated feeds hold {sum(expected.values())} items")
    say(f"  each throughput figure is the best of {args.runs} run(s); MB = 10^6 bytes")
    say("")

    rows: list[Row] = []
    results: dict = {"runs": args.runs, "files": len(files), "bytes": total,
                     "text_method": args.text, "rows": {}, "memory": {}}
    fw = fw1 = ffp = fp = xl = None
    failures = 0
    big_rows: list[Row] = []
    try:
        # feedwatch (both rows) and fastfeedparser, the rows the targets compare, run in rounds: one run of
        # each per round, so that a busy spell on a shared machine hits them alike instead of falling on
        # every run of one row. feedparser, an order of magnitude slower, runs on its own afterwards.
        per_file = {}
        for round_no in range(args.runs):
            note(f"round {round_no + 1} of {args.runs}: feedwatch (all cores, --jobs 1), fastfeedparser ...")
            if "feedwatch" in wanted:
                if fw is None or fw.ok:
                    r, got = run_feedwatch("feedwatch parse --summary-only", args.feedwatch,
                                           ["--summary-only"], files, total, 1, args.timeout)
                    fw = merged(fw, r)
                    per_file = got or per_file
                # The same work on one thread: the Python parsers use one core, so this row is the like-for-like one.
                if fw1 is None or fw1.ok:
                    r, _ = run_feedwatch("feedwatch parse --jobs 1 --summary-only", args.feedwatch,
                                         ["--jobs", "1", "--summary-only"], files, total, 1, args.timeout)
                    fw1 = merged(fw1, r)
            if "fastfeedparser" in wanted and (ffp is None or ffp.ok):
                r, _ = run_python("fastfeedparser", args.python, helper, list_file.name, files, total,
                                  1, args.text, args.timeout)
                ffp = merged(ffp, r)
        if "feedwatch" in wanted:
            rows += [fw, fw1]
            if per_file:
                # compare by real path, so absolute or relative names both match
                got = {os.path.realpath(p): n for p, n in per_file.items()}
                seen = {p: got.get(os.path.realpath(p)) for p in expected}
                mismatched = [(p, n, seen[p]) for p, n in expected.items()
                              if seen[p] is not None and seen[p] != n]
                matched = sum(1 for v in seen.values() if v is not None)
                if matched == 0:
                    note("feedwatch summary lines name no generated file as given; per-file item check skipped")
                elif mismatched:
                    fw.note = (fw.note + "; " if fw.note else "") + (f"item count differs from the generator's on {len(mismatched)} files, e.g. "
                               + ", ".join(f"{os.path.basename(p)}: {got} (expected {n})"
                                           for p, n, got in mismatched[:3]))
                else:
                    fw.note = ((fw.note + "; ") if fw.note else "") + \
                        f"item counts match the generator's on all {matched} generated files"
        if "feedparser" in wanted:
            note(f"feedparser over {len(files)} files (the slow one: about 25 s a run on 2 cores) ...")
            fp, _ = run_python("feedparser", args.python, helper, list_file.name, files, total,
                               args.runs, args.text, args.timeout)
            n_json = len(files) - len(xml_files)
            if fp.ok and n_json:
                fp.note += (f" (feedparser has no JSON Feed support: the {n_json} JSON files count"
                            " in MB and take parse time, but give no entries)")
            rows.append(fp)
        if ffp is not None:
            rows.append(ffp)
        if "xmllint" in wanted:
            if args.xmllint:
                note(f"xmllint --noout over {len(xml_files)} XML files ...")
                xl = run_xmllint(args.xmllint, xml_files, xml_bytes, args.runs, args.timeout)
                rows.append(xl)
            else:
                say("xmllint: not installed, row skipped (install with: apt-get install -y libxml2-utils)")
        if "feedwatch" in wanted and big:
            note(f"feedwatch on {big} ...")
            r, _ = run_feedwatch(f"feedwatch --summary-only {os.path.basename(big)}", args.feedwatch,
                                 ["--summary-only"], [big], big_bytes, args.runs, args.timeout)
            big_rows.append(r)
            items = r.items
            r, _ = run_feedwatch(f"feedwatch parse {os.path.basename(big)} >/dev/null", args.feedwatch,
                                 [], [big], big_bytes, args.runs, args.timeout, json_out=True)
            r.items = items
            if r.ok:
                r.note = "JSON written to /dev/null"
            big_rows.append(r)
    finally:
        os.unlink(list_file.name)

    say("Throughput (seconds: feedwatch --summary-only = its FeedParser.parse calls only, Python = parse +")
    say("field-access loop only, both after the bytes are in memory; feedwatch with JSON output and xmllint =")
    say("whole process; 'wall s' = whole process, start-up and file reading included)")
    print_table(rows)
    if big_rows:
        say("")
        say(f"The big file alone ({big_bytes / MB:.1f} MB):")
        print_table(big_rows)
        rows += big_rows
    say("")
    # The targets are judged like for like: feedwatch on one thread, as the Python parsers run. The
    # all-cores row is shown for information; two threads against one is no comparison.
    for label, row, targets in (("--jobs 1, one thread like the Python parsers; the targets", fw1, True),
                                ("all cores; for information, no target", fw, False)):
        if row is None:
            continue
        say(f"feedwatch --summary-only ({label}) MB/s divided by the other's MB/s:")
        say(ratio_line("feedparser", row, fp, TARGET_VS_FEEDPARSER if targets else None))
        say(ratio_line("fastfeedparser", row, ffp, TARGET_VS_FASTFEEDPARSER if targets else None))
        if xl is not None and row.ok and row.wall_mbps and xl.ok and xl.mbps:
            # xmllint is timed as a whole process, so feedwatch's whole process is set against it.
            say(f"  vs {'xmllint':<16} {row.wall_mbps / xl.mbps:8.2f}x   (whole process both; libxml2 floor; XML files only)")
        say("")
    for r in rows:
        results["rows"][r.name] = dict(files=r.files, bytes=r.nbytes, seconds=r.seconds,
                                       wall=r.wall, runs=r.runs, wall_runs=r.wall_runs,
                                       items=r.items, failed=r.failed, mb_per_s=r.mbps,
                                       items_per_s=r.items_per_s, ok=r.ok, note=r.note)

    # ---- peak memory ------------------------------------------------------
    if args.memory and big:
        if not os.access(args.gnu_time, os.X_OK):
            say(f"peak memory: {args.gnu_time} not found, skipped (install with: apt-get install -y time)")
        else:
            mem_cmds = []
            if "feedwatch" in wanted:
                mem_cmds += [
                    ("feedwatch parse --summary-only", [args.feedwatch, "parse", "--summary-only", big], True),
                    ("feedwatch parse > /dev/null", [args.feedwatch, "parse", big], True),
                ]
            for p in ("fastfeedparser", "feedparser"):
                if p in wanted:
                    mem_cmds.append((f"{p} (py_parsers.py)",
                                     [args.python, str(helper), "--parser", p, "--text", args.text, big],
                                     False))
            say(f"Peak memory on {big} ({big_bytes / MB:.1f} MB; GNU time max RSS, one run each):")
            hdr = f"{'command':<40} {'max RSS MB':>10} {'x file':>7} {'seconds':>8}"
            say(hdr)
            say("-" * len(hdr))
            for label, cmd, is_fw in mem_cmds:
                note(f"peak memory: {label} ...")
                rss, secs, rc = peak_rss(cmd, args.gnu_time, args.timeout)
                ratio = rss / big_bytes if rss else None
                verdict = ""
                if rc != 0:
                    verdict = f"  FAILED: {describe_rc(rc)} (GNU time's status; 128+N = signal N)"
                    failures += 1
                elif is_fw and ratio is not None:
                    verdict = f"  target < {MEMORY_TARGET:g}x: {'PASS' if ratio < MEMORY_TARGET else 'FAIL'}"
                say(f"{label:<40} {fmt(rss and rss / MB, '10.1f'):>10} {fmt(ratio, '6.2f')+'x' if ratio else '-':>7} "
                    f"{secs:8.2f}{verdict}")
                results["memory"][label] = dict(max_rss_bytes=rss, ratio=ratio, seconds=secs,
                                                rc=rc if isinstance(rc, int) else str(rc))
            say("  (MB here = 10^6 bytes; Python rows include the interpreter and the file's bytes held in memory)")
            say("")

    failures += sum(1 for r in rows if not r.ok)
    if args.results:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=2) + "\n")
        say(f"All figures written to {rel(args.results)}")
    if failures:
        say(f"{failures} measurement(s) FAILED to run (see above); exit status 1")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
