#!/usr/bin/env bash
# How Models/acgan-synthetic-64.safetensors was made, every step timed, and how it is scored:
#   1. the built-in synthetic avatars (20,000, seed 1, balanced tags);
#   2. the attribute classifier, the ruler of issue 11 (Scripts/train_classifier.sh: its own
#      data, seed 7), unless WORK already holds it;
#   3. training: a narrow generator (width 32, 4 residual blocks; acgan64 is width 64, 8 blocks)
#      and discriminator (width 16), batch 32, no gradient penalty, EMA 0.999, with the settings
#      of the time this model was trained: PyTorch's default initialisation of the upsampling
#      convolutions (--no-icnr) and one pooled binary cross-entropy for the on/off tags
#      (--binary-tags pooled); the classifier scores 500 faces every 2,000 iterations;
#   4. the EMA generator of the last iteration exported as float16;
#   5. `acgan evaluate` of it into docs/evaluation (2,000 faces, the ruler's figures).
# The candidates tried since, and why none replaced this model yet, are in docs/quality.md.
# Run from the repository root after `make build`; WORK=... chooses where the data and the run
# go (default /tmp/acgan-bundled). A run cut short (a session ends every process it started)
# continues from its last checkpoint; FRESH=1 starts the training again from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
acgan=${ACGAN:-.build/release/acgan}
work=${WORK:-/tmp/acgan-bundled}
iterations=${ITERATIONS:-12000}
start=$(date +%s)
elapsed() { echo "[$(( ($(date +%s) - start) / 60 )) min] $*"; }

[ -e "$work/synth20k/tags.csv" ] || "$acgan" synth --out "$work/synth20k" --count 20000 --seed 1 --balanced
[ -e "$work/classifier.safetensors" ] || WORK="$work" ACGAN="$acgan" Scripts/train_classifier.sh
elapsed "data and classifier ready"

if [ "${FRESH:-0}" = 1 ]; then
    again=(--overwrite)
elif [ -e "$work/run/checkpoint.safetensors" ]; then
    echo "continuing $work/run from its checkpoint (FRESH=1 starts again)"
    again=(--resume)
else
    again=()
fi
"$acgan" train --data "$work/synth20k" --out "$work/run" --iterations "$iterations" "${again[@]}" \
    --g-width 32 --g-blocks 4 --d-width 16 --batch 32 --no-icnr --binary-tags pooled \
    --eval-every 2000 --classifier "$work/classifier.safetensors" --eval-samples 500 \
    --sample-every 250 --checkpoint-every 250 --log-every 25 --seed 1
elapsed "training done"
"$acgan" export --checkpoint "$work/run/checkpoint.safetensors" --half --out Models/acgan-synthetic-64.safetensors
"$acgan" evaluate --checkpoint Models/acgan-synthetic-64.safetensors --classifier "$work/classifier.safetensors" \
    --data "$work/synth20k" --report docs/evaluation
elapsed "recipe done: wall time $(( $(date +%s) - start )) s"
