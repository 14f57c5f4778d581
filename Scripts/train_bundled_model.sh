#!/usr/bin/env bash
# How Models/acgan-synthetic-64.safetensors is made, every step timed, and how it is scored
# (issue 11; the candidates tried and their figures are in docs/quality.md):
#   1. the built-in synthetic avatars (20,000, seed 1, balanced tags);
#   2. the attribute classifier, the ruler: the committed Models/ruler-classifier.safetensors
#      (made by Scripts/train_classifier.sh: its own data, seed 7, one thread). A classifier
#      trained again differs a little (other threads or another CPU round differently) and
#      moves the scores of generated faces by a few points, so the ruler is this file;
#      CLASSIFIER=... uses another one;
#   3. training: a narrow generator (width 32, 4 residual blocks; acgan64 is width 64, 8 blocks)
#      that upsamples by resize-convolution (--upsampling nearest: no sub-pixel filters to drift
#      into a checkerboard), acgan64's discriminator width (32), batch 32, each on/off tag
#      weighted like a categorical group (the default), a projection discriminator beside
#      ACGAN's classifier (--projection: docs/quality.md rows 11 and 12), EMA 0.999; the
#      classifier scores 500 faces every 1,000 iterations and the generator of each is kept;
#      12,000 iterations (the projection discriminator reached at 9,000 what row 8 reached at
#      16,000; 12,000 keeps the recipe within its 120 minutes on a 2-vCPU Xeon: row 12);
#   4. the kept generator with the most faces right on every attribute, exported as float16
#      with batch-norm statistics recomputed for its averaged weights (--standing-stats 20);
#   5. `acgan evaluate` of it into docs/evaluation (2,000 faces, the ruler's figures), and the
#      README's pictures of it under docs/images.
# Run from the repository root after `make build`; WORK=... chooses where the data and the run
# go (default /tmp/acgan-bundled). A run cut short (a session ends every process it started)
# continues from its last checkpoint; FRESH=1 starts the training again from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
# The fixed convolution rules, not a timed trial: the same numbers on every run of a machine.
export ACGAN_CONVOLUTION=${ACGAN_CONVOLUTION:-rules}
acgan=${ACGAN:-.build/release/acgan}
work=${WORK:-/tmp/acgan-bundled}
iterations=${ITERATIONS:-12000}
model=Models/acgan-synthetic-64.safetensors
start=$(date +%s)
elapsed() { echo "[$(( ($(date +%s) - start) / 60 )) min] $*"; }

[ -e "$work/synth20k/tags.csv" ] || "$acgan" synth --out "$work/synth20k" --count 20000 --seed 1 --balanced
classifier=${CLASSIFIER:-Models/ruler-classifier.safetensors}
elapsed "data ready"

if [ "${FRESH:-0}" = 1 ]; then
    again=(--overwrite)
elif [ -e "$work/run/checkpoint.safetensors" ]; then
    echo "continuing $work/run from its checkpoint (FRESH=1 starts again)"
    again=(--resume)
else
    again=()
fi
"$acgan" train --data "$work/synth20k" --out "$work/run" --iterations "$iterations" "${again[@]}" \
    --g-width 32 --g-blocks 4 --d-width 32 --batch 32 --upsampling nearest --projection \
    --eval-every 1000 --classifier "$classifier" --eval-samples 500 --keep-generators \
    --sample-every 250 --checkpoint-every 500 --log-every 25 --seed 1
elapsed "training done"

# The evaluation with the largest share of faces right on every attribute (the later one on a
# tie), read from the run's metrics.jsonl.
# (metrics.jsonl writes its keys sorted: "evaluation" before "iteration".)
best=$(sed -nE 's/.*"all_attributes_correct":([-0-9.e]+).*"iteration":([0-9]+).*/\1\t\2/p' \
    "$work/run/metrics.jsonl" | sort -g -k1,1 -k2,2n | tail -1)
share=${best%%$'\t'*} chosen=${best##*$'\t'}
echo "exporting iteration $chosen ($share of 500 faces right on every attribute)"
"$acgan" export --checkpoint "$work/run/generators/iter_$(printf %06d "$chosen").safetensors" --half \
    --standing-stats 20 --out "$model"
"$acgan" evaluate --checkpoint "$model" --classifier "$classifier" \
    --data "$work/synth20k" --report docs/evaluation
"$acgan" generate --checkpoint "$model" --tags-file Scripts/demo_tags.txt --seed 7 --out docs/images/bundled-requests.png
"$acgan" interpolate --checkpoint "$model" --from-tags "red hair short hair" --to-tags "aqua hair twin tail" \
    --seed 3 --steps 8 --out docs/images/bundled-interpolation.png
cp "$work/run/losses.png" docs/images/bundled-losses.png
cp "$work/run/samples/iter_$(printf %06d "$iterations").png" docs/images/bundled-training-sheet.png
elapsed "recipe done: wall time $(( $(date +%s) - start )) s"
