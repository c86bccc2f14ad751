"""Helpers shared by the benchmarks that serve files with nginx on 127.0.0.1 and time whole processes
(Benchmarks/fetch, Benchmarks/daemon): the release feedwatch build, nginx, free ports, and one timed run.

Import it with  sys.path.insert(0, os.path.join(BENCHMARKS_DIR, "lib")); import benchlib
"""
import os, shutil, socket, subprocess, sys, tempfile, time

BENCHMARKS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCHMARKS)
NGINX = os.environ.get("NGINX", "nginx")


def feedwatch_binary():
    """$FEEDWATCH_BIN, else feedwatch built for release into .build-static and its path."""
    if os.environ.get("FEEDWATCH_BIN"):
        return os.environ["FEEDWATCH_BIN"]
    # Built as a binary for deployment should be: the Swift runtime and Foundation linked statically, which
    # saves about 10 ms of dynamic loading per process (a third of feedwatch's start-up).
    build = ["swift", "build", "-c", "release", "--static-swift-stdlib", "--scratch-path", ".build-static"]
    subprocess.run(build + ["--product", "feedwatch"], cwd=ROOT, check=True)
    path = subprocess.run(build + ["--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "feedwatch")


def require_nginx():
    if shutil.which(NGINX) is None and not os.path.exists(NGINX):
        sys.exit("nginx not found: apt-get install -y nginx (or set NGINX=)")


def readable_by_all(base):
    """nginx workers run as nobody when started as root: make everything under base readable."""
    for dirpath, dirs, files in os.walk(base):
        os.chmod(dirpath, 0o755)
        for name in files:
            os.chmod(os.path.join(dirpath, name), 0o644)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(base, servers, types="application/rss+xml xml;"):
    """Starts nginx (one worker, no access log, keep-alive without a request cap) in the foreground with
    its files under base; servers is a list of (port, root, directives) for `server` blocks on 127.0.0.1.
    Returns the process once every port accepts connections; stop it with stop_nginx."""
    conf = os.path.join(base, "nginx.conf")
    temp = os.path.join(base, "temp")
    os.makedirs(temp, exist_ok=True)
    blocks = "\n".join(f"    server {{ listen 127.0.0.1:{port}; root {root}; {directives} }}"
                       for port, root, directives in servers)
    with open(conf, "w") as f:
        f.write(f"""
worker_processes 1;
pid {base}/nginx.pid;
error_log {base}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    types {{ {types} }}
    keepalive_requests 1000000;
    sendfile on;
{blocks}
}}
""")
    process = subprocess.Popen([NGINX, "-p", base, "-c", conf, "-g", "daemon off;"])
    waiting = [port for port, _, _ in servers]
    for _ in range(100):
        try:
            while waiting:
                socket.create_connection(("127.0.0.1", waiting[0]), timeout=0.1).close()
                waiting.pop(0)
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("nginx did not start; see " + os.path.join(base, "error.log"))


def stop_nginx(process):
    if process is not None:
        process.terminate()
        process.wait()


GNU_TIME = "/usr/bin/time"


def measure(command, stdout=subprocess.DEVNULL):
    """Runs command (stdout to `stdout`: a file object, or discarded); exits if it fails.
    Returns (wall seconds, CPU seconds user + system, peak RSS KiB, stderr text) of the process.

    The peak RSS comes from GNU time, which runs the command as its own child: the ru_maxrss that wait4
    gives Python for a direct child includes Python's own peak (the child starts as a copy of this
    process, and Linux keeps that mm's high-water mark across exec), so a small program would look as
    big as the benchmark driver. Without GNU time (apt-get install -y time) that inflated figure is used."""
    timed = os.path.exists(GNU_TIME)
    with tempfile.NamedTemporaryFile("r", prefix="benchlib-time-") as rss_file:
        wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file.name] + command if timed else command
        start = time.monotonic()
        process = subprocess.Popen(wrapped, stdout=stdout, stderr=subprocess.PIPE)
        stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        rss = int(rss_file.read().split()[-1]) if timed else usage.ru_maxrss
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{command[0]} failed with status {code}: {stderr.decode(errors='replace')[-2000:]}")
    # CPU: wait4 counts GNU time and the child it waited for (a millisecond or two for time itself).
    return wall, usage.ru_utime + usage.ru_stime, rss, stderr.decode(errors="replace")
