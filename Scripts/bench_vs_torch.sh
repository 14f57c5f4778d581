#!/usr/bin/env bash
# ACGAN Studio against PyTorch on this machine: `acgan bench` and shared/bench/torch_reference.py
# run alternately, PAIRS times each (default 5), acgan64, --threads 2, 2 warm-up and 5 timed
# iterations, training and generation in each run. Progress goes to stderr; stdout is one JSON
# line: the CPU (name, family, model, vector extensions, measured FMA peak), the medians of both,
# the ratios ours / PyTorch, and whether issue 17's targets hold (training >= 1.5x, generation
# at batch 64 >= 2x, batch-1 latency <= 0.5x, peak memory <= 1x). The runs behind it are written
# to docs/benchmarks/raw/bench-vs-torch-<date>-<time>-<cpu>.json (one run never replaces
# another). docs/performance.md keeps the line
# of each machine.
#
#   Scripts/bench_vs_torch.sh            # 5 pairs
#   Scripts/bench_vs_torch.sh 7 --mode generate
#
# Needs a release build (`make build`) and a venv with torch: python3 -m venv $HOME/venvs/torch &&
# $HOME/venvs/torch/bin/pip install torch numpy safetensors (PyPI's default wheel is a CUDA build;
# it runs on the CPU). PYTHON=... chooses another Python. ACGAN_CONVOLUTION is passed through
# (unset: the timed per-layer trial; rules: the fixed rules).
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-5}
shift || true
case $pairs in ''|*[!0-9]*) echo "bench_vs_torch.sh: PAIRS must be a number, got '$pairs'" >&2; exit 2 ;; esac
[ -x .build/release/acgan ] || { echo "bench_vs_torch.sh: no .build/release/acgan; run make build first" >&2; exit 2; }
python=${PYTHON:-$HOME/venvs/torch/bin/python}
[ -x "$python" ] || { echo "bench_vs_torch.sh: no Python with torch at $python (see the comment at the top)" >&2; exit 2; }
cpu=$(grep -m1 -E '^cpu family' /proc/cpuinfo | awk '{print $NF}')-$(grep -m1 -E '^model\s' /proc/cpuinfo | awk '{print $NF}')
out=docs/benchmarks/raw/bench-vs-torch-$(date +%F-%H%M)-$(grep -m1 vendor_id /proc/cpuinfo | awk '{print $NF}')-$cpu.json
exec python3 Scripts/compare_speed.py --pairs "$pairs" --mode all --threads 2 --iters 5 --warmup 2 \
    --python "$python" --json "$out" --line "$@"
