#!/usr/bin/env bash
# docs/scaling.md's measurement: acgan64 training (batch 64) as 1 process x 2 threads and as
# `mpirun -np 2` x 1 thread, alternating, PAIRS times; ITERATIONS per run, metrics every
# ITERATIONS/2 so that the second window (after warm-up) gives the speed. Prints every run.
# Usage: Scripts/measure_scaling.sh [PAIRS] [ITERATIONS]   (after `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-3}
iterations=${2:-10}
acgan=.build/release/acgan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Shared memory with its single-copy mechanism (CMA), which works here: with
# OMPI_MCA_btl_vader_single_copy_mechanism=none (needed only where CMA is forbidden) a 23 MB
# allreduce took 420 ms instead of 21 ms on this machine.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
"$acgan" synth --out "$work/data" --count 1024 --size 64 --balanced --threads 2 >/dev/null 2>&1
common=(train --data "$work/data" --batch 64 --iterations "$iterations" --log-every $((iterations / 2))
        --sample-every 100000 --checkpoint-every 100000)
speed() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["images_per_s"])' "$1/metrics.jsonl"; }
grep -m1 "model name" /proc/cpuinfo
for pair in $(seq "$pairs"); do
    rm -rf "$work/one" "$work/two"
    "$acgan" "${common[@]}" --out "$work/one" --threads 2 >/dev/null 2>&1
    echo "pair $pair: 1 process x 2 threads: $(speed "$work/one") images/s"
    mpirun -np 2 --bind-to none --mca btl self,vader "$acgan" "${common[@]}" --out "$work/two" --threads 1 \
        2>&1 | grep "allreduce over" | sed "s/^/pair $pair: 2 processes x 1 thread: /"
    echo "pair $pair: 2 processes x 1 thread: $(speed "$work/two") images/s"
done
