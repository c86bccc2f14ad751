#!/usr/bin/env python3
"""Benchmarks/daemon - the daemon end to end: `feedwatch once` over SOURCES local feeds served by nginx on
127.0.0.1 (on PORTS ports, so PORTS host:port keys for the politeness engine), twice over the same store:
  cold  an empty store: every feed fetched (200), parsed, every item stored as new;
  warm  the store the cold pass left: every request conditional (ETag, Last-Modified), every answer a 304;
beside `curl --parallel --parallel-max PARALLEL` fetching the same URLs to /dev/null (plain GETs, 200s),
and, for information, `feedwatch fetch` on the same URLs (feedwatch's HTTP layer alone, plain GETs, no store).
Run it through Benchmarks/daemon/run.sh.

feedwatch runs with concurrency = per_host_concurrency = PARALLEL (curl's --parallel-max) and
host_spacing = "0s", so politeness does not throttle a local benchmark.

Environment:
  RUNS=3             runs of each pass and of curl; the median is reported
  SOURCES=5000       number of feeds (sources)
  PARALLEL=32        transfers at once: curl --parallel-max, feedwatch concurrency and per_host_concurrency
  PORTS=4            nginx ports the feeds are spread over
  FEEDWATCH_BIN=...  use this feedwatch executable instead of building one (see Benchmarks/lib/benchlib.py)
  NGINX=nginx        the nginx binary (Debian: apt-get install -y nginx)
  KEEP=1             keep the work directory (feeds, config, store, logs) and print where it is
  PROFILE=warm       after the measurements, one more pass (warm or cold) under `perf record --call-graph dwarf`; prints the
                     hottest symbols and keeps perf.data in the (then kept) work directory
  INSTRUCTIONS=1     after the measurements, one more warm pass and one more curl run under valgrind's callgrind:
                     user-space instructions executed, which a busy machine does not blur as it does time

Prints wall time, CPU seconds (user + system), peak RSS (GNU time's %M when /usr/bin/time exists: see
Benchmarks/lib/benchlib.py), sources/s and items/s of each, how long feedwatch took from its start to its
first poll line (config, store, set-up), and checks the
targets: warm pass at most 1.5x curl's wall time, feedwatch's peak RSS under 150 MB (10^6 bytes) in every
cold and warm run. Checks each run did what it claims from feedwatch's JSON poll lines (cold: one line per
source, status 200, new items = items generated, no errors; warm: one line per source, all not_modified with
status 304, nothing new, no errors) and curl's status codes (one 200 per URL).
Exits 1 if a measurement could not be made or a check failed; a missed target is reported (PASS/FAIL) but
does not change the exit status.
"""
import datetime, json, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
from benchlib import feedwatch_binary, free_port, measure, readable_by_all, require_nginx, start_nginx, stop_nginx
import feeds

RUNS = int(os.environ.get("RUNS", "3"))
SOURCES = int(os.environ.get("SOURCES", "5000"))
PARALLEL = int(os.environ.get("PARALLEL", "32"))
PORTS = int(os.environ.get("PORTS", "4"))
KEEP = os.environ.get("KEEP", "0") not in ("", "0")
PROFILE = os.environ.get("PROFILE", "")
INSTRUCTIONS = os.environ.get("INSTRUCTIONS", "0") not in ("", "0")
WALL_TARGET = 1.5       # warm feedwatch wall / curl wall
RSS_TARGET_MB = 150     # feedwatch peak RSS, 10^6 bytes


def write_config(path, urls):
    lines = [
        "# Benchmarks/daemon: politeness set so it does not throttle a local benchmark.",
        "[daemon]",
        'store = "store.sqlite"',
        'log_format = "json"',
        'log_level = "info"',
        f"concurrency = {PARALLEL}",
        f"per_host_concurrency = {PARALLEL}",
        'host_spacing = "0s"',
        "",
    ]
    for n, url in enumerate(urls):
        lines += ["[[source]]", f'name = "feed-{n:05d}"', f'url = "{url}"', ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def remove_store(work):
    for suffix in ("", "-wal", "-shm"):
        path = os.path.join(work, "store.sqlite" + suffix)
        if os.path.exists(path):
            os.remove(path)


def store_bytes(work):
    return sum(os.path.getsize(os.path.join(work, "store.sqlite" + s)) for s in ("", "-wal")
               if os.path.exists(os.path.join(work, "store.sqlite" + s)))


def poll_lines(path):
    """The `poll` lines of a JSON log, and how many other lines of level warning or error there were."""
    polls, others = [], []
    with open(path) as f:
        for line in f:
            record = json.loads(line)
            if record.get("msg") == "poll":
                polls.append(record)
            elif record.get("level") in ("warning", "error"):
                others.append(record)
    return polls, others


def first_line_at(polls):
    """When the first poll line was written (seconds since the epoch)."""
    stamps = sorted(p["ts"] for p in polls)
    return datetime.datetime.fromisoformat(stamps[0].replace("Z", "+00:00")).timestamp() if stamps else None


def check_pass(name, log, stderr, items):
    """Exits unless the pass's log shows SOURCES polls that did what the pass is for.
    Returns (new items, when the first poll line was written)."""
    polls, others = poll_lines(log)
    problems = []
    if len(polls) != SOURCES:
        problems.append(f"{len(polls)} poll lines, expected {SOURCES}")
    failed = [p for p in polls if p.get("error")]
    if failed:
        problems.append(f"{len(failed)} polls with an error, e.g. {failed[0].get('source')}: {failed[0]['error']}")
    if others:
        problems.append(f"{len(others)} warning/error lines, e.g. {json.dumps(others[0])[:300]}")
    new = sum(p.get("new", 0) for p in polls)
    statuses = {}
    for p in polls:
        statuses[p.get("status")] = statuses.get(p.get("status"), 0) + 1
    if name == "cold":
        if statuses != {200: SOURCES}:
            problems.append(f"statuses {statuses}, expected {{200: {SOURCES}}}")
        if new != items:
            near = sum(p.get("near_dup", 0) for p in polls)
            dup = sum(p.get("dup", 0) for p in polls)
            problems.append(f"{new} new items, expected {items} (near_dup {near}, dup {dup})")
    else:
        unchanged = sum(1 for p in polls if p.get("not_modified") is True)
        if unchanged != SOURCES or statuses != {304: SOURCES}:
            problems.append(f"{unchanged} not_modified, statuses {statuses}; expected {SOURCES} and {{304: {SOURCES}}}")
        if new != 0:
            problems.append(f"{new} new items, expected 0")
    if f"polled {SOURCES} of {SOURCES} sources" not in stderr:
        problems.append("summary line missing or wrong: " + stderr.strip()[-300:])
    if problems:
        sys.exit(f"{name} pass did not do what it should ({log}):\n  " + "\n  ".join(problems))
    return new, first_line_at(polls)


def check_fetch(stderr):
    if f"{SOURCES} URLs: {SOURCES} ok" not in stderr:
        sys.exit(f"feedwatch fetch did not fetch every URL: {stderr[-1000:]}")


def check_curl(path):
    with open(path) as f:
        codes = f.read().split()
    if len(codes) != SOURCES or any(code != "200" for code in codes):
        bad = {c: codes.count(c) for c in set(codes)}
        sys.exit(f"curl: status codes {bad}, expected {SOURCES} x 200")


def profile(binary, config, work, which):
    """One more pass under perf; prints where the samples fell (self time) by thread, library and symbol."""
    if shutil.which("perf") is None:
        print("PROFILE: perf not found (apt-get install -y linux-perf); skipped")
        return
    if which == "cold":
        remove_store(work)
    data = os.path.join(work, f"perf-{which}.data")
    # DWARF call graphs: with frame pointers alone, samples in libsqlite3, libcurl and async Swift frames lose
    # their callers, and half the profile is attributed to nothing.
    with open(os.path.join(work, f"perf-{which}.log"), "w") as out:
        subprocess.run(["perf", "record", "-F", "1500", "--call-graph", "dwarf,16384", "-o", data, "--", binary,
                        "once", "--config", config], stdout=out, stderr=subprocess.DEVNULL, check=True)
    print(f"\nPROFILE ({which} pass, perf record -F 1500 --call-graph dwarf; {data}): self time by thread, "
          "library and symbol, then time including callees by symbol:")
    for sort, limit, children in (("comm", 6, False), ("dso", 8, False), ("sym", 30, False), ("sym", 60, True)):
        report = subprocess.run(["perf", "report", "-i", data, "--stdio", "--children" if children else "--no-children",
                                 "--sort", sort, "-g", "none", "--percent-limit", "0.5"],
                                capture_output=True, text=True).stdout
        rows = [line[:150] for line in report.splitlines() if line.strip() and not line.startswith("#")]
        print("\n".join(rows[:limit]) + "\n")


def instructions(binary, config, curl_command, work):
    """One warm pass and one curl run under callgrind; prints the instructions each executed (user space)."""
    if shutil.which("valgrind") is None:
        print("INSTRUCTIONS: valgrind not found (apt-get install -y valgrind); skipped")
        return
    # Valgrind 3.19 cannot read the DWARF 5 of a Swift binary; a copy without debug information runs the same code.
    stripped = os.path.join(work, "feedwatch-stripped")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, binary], check=True)
    counts = {}
    for name, command in (("feedwatch once, warm", [stripped, "once", "--config", config]), ("curl --parallel", curl_command)):
        result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + command,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        refs = [line for line in result.stderr.splitlines() if "refs:" in line]
        if result.returncode != 0 or not refs:
            print(f"INSTRUCTIONS: {name} failed under valgrind: {result.stderr[-500:]}")
            return
        counts[name] = int(refs[-1].split()[-1].replace(",", ""))
    print("\nINSTRUCTIONS (valgrind --tool=callgrind, user space, one run each):")
    for name, count in counts.items():
        print(f"  {name:22} {count / 1e9:6.2f} G")
    warm, curl = counts["feedwatch once, warm"], counts["curl --parallel"]
    print(f"  warm feedwatch / curl: {warm / curl:.2f}x")


def main():
    binary = feedwatch_binary()
    require_nginx()
    if shutil.which("curl") is None:
        sys.exit("curl not found: apt-get install -y curl")
    keep = KEEP or bool(PROFILE)
    base = tempfile.mkdtemp(prefix="feedwatch-daemon-bench-")
    www = os.path.join(base, "www")
    os.makedirs(www)
    nginx = None
    try:
        started = time.monotonic()
        written = feeds.write_feeds(www, SOURCES)
        items = sum(count for _, _, count in written)
        size = sum(length for _, length, _ in written)
        readable_by_all(base)
        ports = [free_port() for _ in range(PORTS)]
        nginx = start_nginx(base, [(port, www, "") for port in ports],
                            types="application/rss+xml xml; application/atom+xml atom;")
        urls = [f"http://127.0.0.1:{ports[n % PORTS]}/{name}" for n, (name, _, _) in enumerate(written)]
        config = os.path.join(base, "feedwatch.toml")
        write_config(config, urls)
        curl_config = os.path.join(base, "curl.conf")
        with open(curl_config, "w") as f:
            f.write("".join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))
        print(f"feeds: {SOURCES} ({SOURCES - SOURCES // 3} RSS 2.0, {SOURCES // 3} Atom), {items} items, "
              f"{size / SOURCES / 1000:.1f} KB each on average, generated in {time.monotonic() - started:.0f} s; "
              f"nginx on {PORTS} ports of 127.0.0.1")
        print(f"feedwatch once: concurrency = per_host_concurrency = {PARALLEL} (= curl --parallel-max), "
              f'host_spacing = "0s"; {RUNS} runs each, median shown; load average {os.getloadavg()[0]:.2f}')
        url_file = os.path.join(base, "urls.txt")
        with open(url_file, "w") as f:
            f.write("\n".join(urls) + "\n")
        commands = {
            "cold": [binary, "once", "--config", config],
            "warm": [binary, "once", "--config", config],
            "curl": ["curl", "--parallel", "--parallel-max", str(PARALLEL), "--silent", "--show-error", "--fail",
                     "--write-out", "%{http_code}\\n", "--config", curl_config],
            "fetch": [binary, "fetch", "--url-file", url_file, "--parallel", str(PARALLEL), "--per-host",
                      str(PARALLEL), "--summary-only"],
        }
        runs = {name: [] for name in commands}
        startup = {"cold": [], "warm": []}
        store_size = 0
        for run in range(RUNS):
            order = ["cold", "warm", "curl", "fetch"] if run % 2 == 0 else ["curl", "fetch", "cold", "warm"]
            for name in order:
                log = os.path.join(base, f"{name}-{run + 1}.log")
                if name == "cold":
                    remove_store(base)
                started = time.time()
                with open(log, "w") as out:
                    wall, cpu, rss, stderr = measure(commands[name], stdout=out)
                count = 0
                if name == "curl":
                    check_curl(log)
                elif name == "fetch":
                    check_fetch(stderr)
                else:
                    count, first = check_pass(name, log, stderr, items)
                    startup[name].append(first - started)
                if name == "cold":
                    store_size = store_bytes(base)
                runs[name].append((wall, cpu, rss, count))
                print(f"  run {run + 1} {name:5} {wall:7.2f} s wall {cpu:7.2f} s CPU {rss * 1024 / 1e6:7.1f} MB",
                      flush=True)
        results = {name: tuple(statistics.median(s[i] for s in samples) for i in range(4))
                   for name, samples in runs.items()}
        print(f"\n{'':22} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'sources/s':>10} {'items/s':>9}")
        labels = {"cold": "feedwatch once, cold", "warm": "feedwatch once, warm", "curl": "curl --parallel",
                  "fetch": "(feedwatch fetch)"}
        for name in ("cold", "warm", "curl", "fetch"):
            wall, cpu, rss, new = results[name]
            per_item = f"{new / wall:9.0f}" if name == "cold" else f"{'-':>9}"
            print(f"{labels[name]:22} {wall:8.2f} {cpu:8.2f} {rss * 1024 / 1e6:12.1f} {SOURCES / wall:10.0f} {per_item}")
        print(f"cold: {items} items stored as new in every run (store {store_size / 1e6:.0f} MB); warm: {SOURCES} x 304, "
              f"nothing new; curl: {SOURCES} x 200, bodies to /dev/null; (feedwatch fetch: the HTTP layer alone "
              f"on the same URLs, plain GETs like curl, no store; for information)")
        print("feedwatch start-up, process start to the first poll line (median): "
              + ", ".join(f"{name} {statistics.median(startup[name]):.2f} s" for name in ("cold", "warm")))
        warm, cold, curl = results["warm"], results["cold"], results["curl"]
        ratio = warm[0] / curl[0]
        print(f"\nwarm feedwatch / curl: wall {ratio:.2f}x, CPU {warm[1] / curl[1]:.2f}x "
              f"(cold / curl: wall {cold[0] / curl[0]:.2f}x, CPU {cold[1] / curl[1]:.2f}x)")
        print(f"target warm wall <= {WALL_TARGET}x curl: {'PASS' if ratio <= WALL_TARGET else 'FAIL'}")
        worst = max(s[2] for name in ("cold", "warm") for s in runs[name]) * 1024 / 1e6
        print(f"target peak RSS < {RSS_TARGET_MB} MB for {SOURCES} sources (worst cold or warm run {worst:.1f} MB): "
              f"{'PASS' if worst < RSS_TARGET_MB else 'FAIL'}")
        if PROFILE:
            profile(binary, config, base, PROFILE)
        if INSTRUCTIONS:
            instructions(binary, config, commands["curl"], base)
    finally:
        stop_nginx(nginx)
        if keep:
            print(f"work directory kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
