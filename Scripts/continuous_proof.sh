#!/usr/bin/env bash
# Issue 13's proof for continuous attributes: a model trained on `acgan synth --continuous` faces
# draws the face size and tilt it is asked for. Every step is timed:
#   1. training data: 20,000 synthetic avatars (seed 1, balanced tags) with their six hidden
#      factors as continuous attributes (face_size, tilt, offset_x, skin_tone, background_hue,
#      line_width);
#   2. the ruler: an attribute classifier with a regression head for those factors, trained on
#      its own 10,000 faces (seed 7, never the model's seed), with its held-out error printed;
#   3. training: the bundled model's recipe (a width-32 generator with 4 residual blocks that
#      upsamples by resize-convolution, acgan64's discriminator width, batch 32, EMA 0.999),
#      ITERATIONS iterations (default 6,000), scored every 1,000;
#   4. `acgan evaluate` of the last generator on 1,000 faces whose values are drawn uniformly
#      over each range: the Pearson r of each requested value with the value read back.
# LOSS=mse|gaussian picks the regression term of D's classification loss (default: the
# trainer's); CODES=K adds K learned codes (--info-codes), whose effects the report then lists.
# Run from the repository root after `make build`; WORK=... chooses where everything goes
# (default /tmp/acgan-continuous). A cut-short run continues from its checkpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
export ACGAN_CONVOLUTION=${ACGAN_CONVOLUTION:-rules}
acgan=${ACGAN:-.build/release/acgan}
work=${WORK:-/tmp/acgan-continuous}
iterations=${ITERATIONS:-6000}
loss=${LOSS:-}
codes=${CODES:-}
run="$work/run${loss:+-$loss}${codes:+-codes$codes}"
start=$(date +%s)
elapsed() { echo "[$(( ($(date +%s) - start) / 60 )) min] $*"; }

[ -e "$work/data/tags.csv" ] || "$acgan" synth --out "$work/data" --count 20000 --seed 1 --balanced --continuous
[ -e "$work/classifier-data/tags.csv" ] || \
    "$acgan" synth --out "$work/classifier-data" --count 10000 --seed 7 --balanced --continuous
[ -e "$work/classifier.safetensors" ] || "$acgan" classifier train --data "$work/classifier-data" \
    --out "$work/classifier.safetensors" --epochs 6 --batch 32 --seed 7 --held-out 0.1 2>&1 | tee "$work/classifier.txt"
elapsed "data and classifier ready"

again=()
[ -e "$run/checkpoint.safetensors" ] && again=(--resume)
"$acgan" train --data "$work/data" --out "$run" --iterations "$iterations" "${again[@]}" \
    --g-width 32 --g-blocks 4 --d-width 32 --batch 32 --upsampling nearest \
    ${loss:+--continuous-loss "$loss"} ${codes:+--info-codes "$codes"} \
    --eval-every 1000 --classifier "$work/classifier.safetensors" --eval-samples 500 --keep-generators \
    --sample-every 500 --checkpoint-every 500 --log-every 50 --seed 1
elapsed "training done"

"$acgan" evaluate --checkpoint "$run/generators/iter_$(printf %06d "$iterations").safetensors" \
    --classifier "$work/classifier.safetensors" --data "$work/classifier-data" --samples 1000 --report "$run/report"
elapsed "evaluation done: $run/report/report.json; wall time $(( $(date +%s) - start )) s"
