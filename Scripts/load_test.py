#!/usr/bin/env python3
"""Load check for ACGAN Studio: N concurrent clients for M seconds on loopback.

Each client keeps one HTTP/1.1 connection open and sends requests back to back until the time
is up. `--kind mixed` (the default) sends, in one run, single faces, grids (--grid-count faces)
and interpolations (--steps frames), chosen at random with the --mix weights. The script reports
completed requests per second (2xx only: a 503 from the bounded queue saying "busy" is counted
apart, never as throughput), latency percentiles (p50, p90, p99, max) of completed requests,
overall and per request kind, the status codes, transport errors, and the server's resident
memory (RSS) sampled every few seconds, with the growth between the first and the last fifth of
the run.

Either point it at a running server (--url, and --pid for memory), or give the server command
after the options, as for browser_test.py ({port} is replaced; STUDIO_TEST_SERVER_PORT is set):

    Scripts/load_test.py --json docs/benchmarks/load-test.json --seconds 60 .build/release/acgan serve --port {port}
    Scripts/load_test.py --clients 8 --seconds 300 swift test --skip-build --filter TestModelServer

Only 127.0.0.1 is accepted as a target. The run stops by itself after --seconds.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(base, server, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"the server command exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                return json.load(response)
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{base}/healthz did not answer within {timeout} s")


def group_rss_bytes(process_group=None, pid=None):
    """Resident memory of one process, or summed over a process group (the server command may
    be a launcher, such as `swift test`, whose child serves)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if pid is not None and int(entry.name) != pid:
                continue
            if process_group is not None and os.getpgid(int(entry.name)) != process_group:
                continue
            total += int((entry / "statm").read_text().split()[1]) * page
        except (OSError, ValueError, ProcessLookupError):
            continue
    return total


def listener_pid(port):
    """The pid of the process listening on 127.0.0.1:`port`, from /proc/net/tcp and the fd
    links in /proc, so RSS is measured on the server itself and not on a launcher."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":  # 0A = LISTEN
                inodes.add(fields[9])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for descriptor in (entry / "fd").iterdir():
                target = os.readlink(descriptor)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(entry.name)
        except OSError:
            continue
    return None


KINDS = ("single", "grid", "interpolate")


def request_body(kind, args):
    """The request of one kind: a single face, a grid of --grid-count faces, or an
    interpolation of --steps frames; each with a fresh seed."""
    seed = random.randrange(2**32)
    if kind == "interpolate":
        return "/api/interpolate", {"from": {"seed": seed}, "to": {"seed": seed + 1}, "steps": args.steps}
    return "/api/generate", {"seed": seed, "count": 1 if kind == "single" else args.grid_count}


def parse_mix(text):
    """`single=2,grid=1,interpolate=1` -> weights per kind (kinds left out weigh 0)."""
    weights = {kind: 0.0 for kind in KINDS}
    for part in text.split(","):
        name, _, value = part.partition("=")
        if name.strip() not in weights:
            raise argparse.ArgumentTypeError(f"unknown request kind {name.strip()!r} (use {', '.join(KINDS)})")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"weight of {name.strip()!r} is not a number: {value!r}")
        if not weights[name.strip()] >= 0:
            raise argparse.ArgumentTypeError(f"weight of {name.strip()!r} must not be negative")
    if sum(weights.values()) <= 0:
        raise argparse.ArgumentTypeError("at least one weight must be positive")
    return weights


def client_loop(host, port, deadline, args, results, lock):
    connection = None
    local = {"latencies": [], "by_kind": {kind: [] for kind in KINDS}, "statuses": {}, "errors": {}}
    kinds = list(args.mix)
    weights = [args.mix[kind] for kind in kinds]
    while time.monotonic() < deadline:
        this_kind = random.choices(kinds, weights)[0] if args.kind == "mixed" else args.kind
        path, body = request_body(this_kind, args)
        payload = json.dumps(body).encode()
        started = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=30)
            connection.request("POST", path, body=payload, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if 200 <= response.status < 300:
                local["latencies"].append(elapsed)
                local["by_kind"][this_kind].append(elapsed)
            local["statuses"][response.status] = local["statuses"].get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
            if response.status == 503:
                time.sleep(0.01)  # a polite client backs off a little when told the queue is full
        except (OSError, http.client.HTTPException) as error:
            name = type(error).__name__
            local["errors"][name] = local["errors"].get(name, 0) + 1
            if connection is not None:
                connection.close()
            connection = None
            time.sleep(0.05)
    if connection is not None:
        connection.close()
    with lock:
        results["latencies"].extend(local["latencies"])
        for kind, values in local["by_kind"].items():
            results["by_kind"][kind].extend(values)
        for key in ("statuses", "errors"):
            for name, number in local[key].items():
                results[key][name] = results[key].get(name, 0) + number


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()}, {os.cpu_count()} CPUs"
    except OSError:
        pass
    return "unknown"


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * (len(sorted_values) - 1)))))
    return sorted_values[index]


def run(base, args, rss_source):
    parsed = urllib.parse.urlparse(base)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load tests only target this machine's loopback address")
    health = wait_for_health(base, None, 10)
    print(f"Server: {health['model']}, queue capacity {health['queueCapacity']} images")
    what = (", ".join(f"{kind} {weight:g}" for kind, weight in args.mix.items() if weight > 0)
            if args.kind == "mixed" else args.kind)
    print(f"Load: {args.clients} clients x {args.seconds:.0f} s, {args.kind} ({what}; grids of {args.grid_count} "
          f"faces, interpolations of {args.steps} frames), {base}", flush=True)
    results = {"latencies": [], "by_kind": {kind: [] for kind in KINDS}, "statuses": {}, "errors": {}}
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + args.seconds
    threads = [threading.Thread(target=client_loop, daemon=True,
                                args=(parsed.hostname, parsed.port, deadline, args, results, lock))
               for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    samples = []
    while time.monotonic() < deadline:
        if rss_source is not None:
            samples.append((time.monotonic() - start, rss_source()))
            print(f"  t={samples[-1][0]:6.1f}s  RSS {samples[-1][1] / 2**20:7.1f} MiB", flush=True)
        time.sleep(min(args.rss_interval, max(0.0, deadline - time.monotonic())))
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - start
    if rss_source is not None:
        samples.append((elapsed, rss_source()))

    latencies = sorted(results["latencies"])
    total = sum(results["statuses"].values())
    ok = sum(number for status, number in results["statuses"].items() if 200 <= status < 300)
    busy = results["statuses"].get(503, 0)
    unexpected = sum(number for status, number in results["statuses"].items()
                     if not (200 <= status < 300) and status != 503)
    def summary(values):
        ordered = sorted(values)
        return {name: round(1000 * percentile(ordered, fraction), 1)
                for name, fraction in (("p50", .5), ("p90", .9), ("p99", .99), ("max", 1.0))}

    report = {
        "clients": args.clients, "seconds": round(elapsed, 1), "kind": args.kind,
        "mix": args.mix if args.kind == "mixed" else {args.kind: 1},
        "grid_count": args.grid_count, "interpolation_steps": args.steps,
        "completed": ok, "completed_per_second": round(ok / elapsed, 1),
        "answered": total, "answered_per_second": round(total / elapsed, 1),
        "latency_ms": summary(latencies),
        "by_kind": {kind: {"completed": len(values), "per_second": round(len(values) / elapsed, 1),
                           "latency_ms": summary(values)}
                    for kind, values in results["by_kind"].items() if values},
        "statuses": {str(status): number for status, number in sorted(results["statuses"].items())},
        "busy_503": busy, "unexpected_status": unexpected, "transport_errors": results["errors"],
    }
    if samples:
        values = [rss for _, rss in samples]
        fifth = max(1, len(values) // 5)
        first, last = sum(values[:fifth]) / fifth, sum(values[-fifth:]) / fifth
        report["rss_mib"] = {"first": round(values[0] / 2**20, 1), "last": round(values[-1] / 2**20, 1),
                             "max": round(max(values) / 2**20, 1),
                             "growth_first_to_last_fifth": round((last - first) / 2**20, 1),
                             "samples": [[round(t, 1), round(rss / 2**20, 1)] for t, rss in samples]}
    print(f"Completed: {ok} in {elapsed:.1f} s = {report['completed_per_second']} requests/s "
          f"(answered, 503s included: {report['answered_per_second']}/s)")
    for name, entry in [("all", {"latency_ms": report["latency_ms"]})] + list(report["by_kind"].items()):
        latency = entry["latency_ms"]
        count = f" ({entry['per_second']}/s)" if "per_second" in entry else ""
        print(f"Latency ms, {name}{count}: p50 {latency['p50']}, p90 {latency['p90']}, "
              f"p99 {latency['p99']}, max {latency['max']}")
    print(f"Statuses: {report['statuses']}  (503 busy: {busy}); unexpected statuses: {unexpected}; "
          f"transport errors: {results['errors'] or 0}")
    if samples:
        rss = report["rss_mib"]
        print(f"RSS MiB: first {rss['first']}, last {rss['last']}, max {rss['max']}, "
              f"growth from the first to the last fifth of the run {rss['growth_first_to_last_fifth']}")
    if args.json:
        report["server"] = health["model"]
        report["cpu"] = cpu_name()
        destination = Path(args.json)
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(destination.name + ".tmp")
        temporary.write_text(json.dumps(report, indent=2) + "\n")
        os.replace(temporary, destination)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=30, help="duration, at most 3600 (default 30)")
    parser.add_argument("--kind", choices=["mixed", *KINDS], default="mixed",
                        help="one kind of request, or a mix of all (default mixed)")
    parser.add_argument("--mix", type=parse_mix, default=parse_mix("single=2,grid=1,interpolate=1"),
                        help="weights of the kinds in a mixed run (default single=2,grid=1,interpolate=1)")
    parser.add_argument("--grid-count", type=int, default=16, help="faces per grid request (default 16)")
    parser.add_argument("--steps", type=int, default=8, help="frames per interpolate request (default 8)")
    parser.add_argument("--rss-interval", type=float, default=5, help="seconds between RSS samples")
    parser.add_argument("--url", help="a running server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid for RSS samples (default: "
                        "the process listening on the port)")
    parser.add_argument("--json", help="also write the report as JSON to this file")
    parser.add_argument("--startup-timeout", type=float, default=300)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="server command; {port} is replaced")
    args = parser.parse_args()
    if not (1 <= args.clients <= 256 and 0 < args.seconds <= 3600):
        parser.error("--clients must be 1-256 and --seconds 0-3600")
    if not (2 <= args.grid_count <= 25 and 3 <= args.steps <= 50):
        parser.error("--grid-count must be 2-25 and --steps 3-50 (the API's limits)")
    if args.url:
        pid = args.pid or listener_pid(urllib.parse.urlparse(args.url).port or 80)
        rss = (lambda: group_rss_bytes(pid=pid)) if pid else None
        report = run(args.url.rstrip("/"), args, rss)
    elif args.command:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [part.replace("{port}", str(port)) for part in args.command]
        print(f"Starting: {' '.join(command)}", flush=True)
        server = subprocess.Popen(command, env={**os.environ, "STUDIO_TEST_SERVER_PORT": str(port)},
                                  start_new_session=True, stdout=subprocess.DEVNULL)
        try:
            wait_for_health(base, server, args.startup_timeout)
            pid = listener_pid(port)
            if pid is not None:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
                print(f"Measuring RSS of the listening process {pid} ({name})")
                rss = lambda: group_rss_bytes(pid=pid)  # noqa: E731
            else:
                print("Listening process not found; measuring RSS of the whole process group")
                rss = lambda: group_rss_bytes(process_group=server.pid)  # noqa: E731
            report = run(base, args, rss)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    else:
        parser.error("give --url or a server command")
    sys.exit(1 if report["unexpected_status"] or report["transport_errors"] else 0)


if __name__ == "__main__":
    main()
