#!/usr/bin/env python3
"""ACGAN Studio against the PyTorch reference, side by side on this machine.

Runs `acgan bench` and `shared/bench/torch_reference.py` in alternating pairs (ours first, then
PyTorch's, N times), with the same mode, threads, batch, warm-up and timed iterations, so that
both see the same machine state. Each run is its own process; the script prints every JSON line,
then the medians over the pairs and the ratios of the medians, and with --json writes all of it
(with the CPU's name, the thread count, and the torch version and build) to a file.

    Scripts/compare_speed.py --pairs 3 --mode train --json docs/benchmarks/speed.json
    Scripts/compare_speed.py --python $HOME/venvs/torch/bin/python --mode all

The PyTorch venv: python3 -m venv $HOME/venvs/torch && $HOME/venvs/torch/bin/pip install torch numpy safetensors
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Higher is better for these keys, lower for the rest that are compared.
HIGHER = {"train_images_per_s", "gen_images_per_s"}
COMPARED = ["train_images_per_s", "train_ms_per_iter", "gen_images_per_s", "gen_b1_latency_ms", "peak_rss_mb"]


def cpu_name():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def cpu_details():
    """Family, model and the vector extensions that decide which kernels run: virtual machines
    often name every AMD EPYC alike, and Zen 3, 4 and 5 differ in AVX-512 and BF16."""
    fields = {}
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if ":" in line:
            key, value = (part.strip() for part in line.split(":", 1))
            fields.setdefault(key, value)
        if not line.strip() and fields:
            break
    flags = set(fields.get("flags", "").split())
    return {"family": fields.get("cpu family"), "model": fields.get("model"),
            "vendor": fields.get("vendor_id"),
            "extensions": [flag for flag in ("avx2", "fma", "avx512f", "avx512_bf16", "avx512_fp16", "amx_tile")
                           if flag in flags]}


# The issue-17 targets: ours over PyTorch's median, and whether it must be above or below.
TARGETS = {"train_images_per_s": (1.5, "at least"), "gen_images_per_s": (2.0, "at least"),
           "gen_b1_latency_ms": (0.5, "at most"), "peak_rss_mb": (1.0, "at most")}


def run_json(command, log=sys.stdout):
    print("$ " + " ".join(command), file=log, flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} exited with status {done.returncode}")
    line = done.stdout.strip().splitlines()[-1]
    print(line, file=log, flush=True)
    return json.loads(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3, help="alternating pairs of runs (default 3)")
    parser.add_argument("--mode", choices=["train", "generate", "all"], default="all")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--iters", type=int, default=5, help="timed iterations per run (default 5)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed iterations first (default 2)")
    parser.add_argument("--acgan", default=str(ROOT / ".build/release/acgan"), help="the acgan binary (release)")
    parser.add_argument("--python", default=os.path.expanduser("~/venvs/torch/bin/python"),
                        help="a Python with torch (default ~/venvs/torch/bin/python)")
    parser.add_argument("--reference", default=str(ROOT.parent / "shared/bench/torch_reference.py"))
    parser.add_argument("--json", help="write runs, medians and ratios to this file")
    parser.add_argument("--line", action="store_true",
                        help="progress on stderr; stdout is one JSON line: CPU, medians, ratios, targets")
    args = parser.parse_args()
    if args.pairs < 1 or args.iters < 1 or args.warmup < 0 or args.threads < 1:
        parser.error("--pairs, --iters and --threads must be at least 1, --warmup at least 0")
    for path, what in ((args.acgan, "--acgan"), (args.python, "--python"), (args.reference, "--reference")):
        if not Path(path).is_file():
            parser.error(f"{what} {path}: no such file")

    common = ["--mode", args.mode, "--threads", str(args.threads), "--iters", str(args.iters),
              "--warmup", str(args.warmup)]
    torch_build = subprocess.run([args.python, "-c", "import torch; print(torch.__version__, torch.version.cuda or 'cpu')"],
                                 stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    ours, theirs = [], []
    log = sys.stderr if args.line else sys.stdout
    for index in range(args.pairs):
        print(f"-- pair {index + 1} of {args.pairs}", file=log, flush=True)
        ours.append(run_json([args.acgan, "bench", *common], log))
        theirs.append(run_json([args.python, args.reference, *common], log))

    def medians(runs):
        return {key: statistics.median(run[key] for run in runs) for key in COMPARED if all(key in run for run in runs)}

    ours_median, theirs_median = medians(ours), medians(theirs)
    ratios = {key: round(ours_median[key] / theirs_median[key], 3) for key in ours_median if key in theirs_median
              and theirs_median[key]}
    wheel = (f"torch {torch_build[0]} from PyPI's default wheel, a CUDA {torch_build[1]} build running on the CPU"
             if torch_build[1] != "cpu" else f"torch {torch_build[0]}, a CPU-only build")
    print(f"CPU: {cpu_name()} ({os.cpu_count()} CPUs), {args.threads} threads; {wheel}", file=log)
    print(f"{'':28} {'ACGAN Studio':>14} {'PyTorch':>14} {'ratio':>8}", file=log)
    for key in ratios:
        note = "higher is better" if key in HIGHER else "lower is better"
        print(f"{key:28} {ours_median[key]:14.1f} {theirs_median[key]:14.1f} {ratios[key]:8.3f}  ({note})", file=log)
    peaks = [run["fma_peak_gflops"] for run in ours if "fma_peak_gflops" in run]
    targets = {key: {"target": f"{word} {bound}x", "ratio": ratios[key],
                     "met": ratios[key] >= bound if word == "at least" else ratios[key] <= bound}
               for key, (bound, word) in TARGETS.items() if key in ratios}
    summary = {"cpu": cpu_name(), "cpu_details": cpu_details(), "cpus": os.cpu_count(),
               "fma_peak_gflops_median": statistics.median(peaks) if peaks else None,
               "convolution_selection": os.environ.get("ACGAN_CONVOLUTION", "measure"),
               "threads": args.threads, "mode": args.mode, "iters": args.iters, "warmup": args.warmup,
               "pairs": args.pairs, "torch": wheel, "acgan_median": ours_median, "torch_median": theirs_median,
               "ratio_acgan_over_torch": ratios, "targets": targets}
    if args.line:
        print(json.dumps(summary, sort_keys=False), flush=True)
    if args.json:
        report = {**summary, "acgan_runs": ours, "torch_runs": theirs}
        destination = Path(args.json)
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(destination.name + ".tmp")
        temporary.write_text(json.dumps(report, indent=2) + "\n")
        os.replace(temporary, destination)
        print(f"wrote {destination}", file=log)


if __name__ == "__main__":
    sys.exit(main())
