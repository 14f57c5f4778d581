#!/usr/bin/env bash
# How Models/acgan-synthetic-64.safetensors was made: the built-in synthetic avatars (fixed
# seed), a narrow generator (width 32, 4 residual blocks; acgan64 is width 64, 8 blocks) and
# discriminator (width 16), batch 32, no gradient penalty, EMA 0.999; then the EMA generator
# exported as float16. Run from the repository root after `make build`; WORK=... chooses where
# the data and the run go (default /tmp/acgan-bundled).
set -euo pipefail
cd "$(dirname "$0")/.."
acgan=.build/release/acgan
work=${WORK:-/tmp/acgan-bundled}
iterations=${ITERATIONS:-12000}
"$acgan" synth --out "$work/synth20k" --count 20000 --seed 1 --balanced
# A run cut short (a session ends every process it started) continues from its last checkpoint;
# FRESH=1 starts again from nothing, replacing the old run's files.
if [ "${FRESH:-0}" = 1 ]; then
    again=(--overwrite)
elif [ -e "$work/run/checkpoint.safetensors" ]; then
    echo "continuing $work/run from its checkpoint (FRESH=1 starts again)"
    again=(--resume)
else
    again=()
fi
"$acgan" train --data "$work/synth20k" --out "$work/run" --iterations "$iterations" "${again[@]}" \
    --g-width 32 --g-blocks 4 --d-width 16 --batch 32 \
    --sample-every 250 --checkpoint-every 250 --log-every 25 --seed 1
"$acgan" export --checkpoint "$work/run/checkpoint.safetensors" --half --out Models/acgan-synthetic-64.safetensors
