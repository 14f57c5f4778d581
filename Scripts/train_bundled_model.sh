#!/usr/bin/env bash
# How Models/acgan-synthetic-64.safetensors is made (issue 11), every step timed:
#   1. the built-in synthetic avatars (20,000, seed 1, balanced tags);
#   2. the attribute classifier, the ruler (Scripts/train_classifier.sh: its own data, seed 7),
#      unless WORK already holds it;
#   3. training: a narrow generator (width 32, 4 residual blocks; acgan64 is width 64, 8 blocks)
#      and discriminator (width 16), batch 32, EMA 0.999, ICNR upsampling (always on), each
#      binary tag weighted like a categorical group (`--binary-tags per-tag`, the default);
#      every EVAL_EVERY iterations the classifier scores 500 faces and the generator is kept;
#   4. the kept generator with the most faces right on every attribute (the latest on a tie)
#      exported as float16;
#   5. `acgan evaluate` of the exported model into docs/evaluation (2,000 faces).
# Run from the repository root after `make build`; WORK=... chooses where the data and the run
# go (default /tmp/acgan-bundled), ITERATIONS and EVAL_EVERY change the length. A run cut short
# (a session ends every process it started) continues from its last checkpoint; FRESH=1 starts
# the training again from nothing, replacing the old run's files.
set -euo pipefail
cd "$(dirname "$0")/.."
acgan=${ACGAN:-.build/release/acgan}
work=${WORK:-/tmp/acgan-bundled}
iterations=${ITERATIONS:-14000}
eval_every=${EVAL_EVERY:-1000}
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
    --g-width 32 --g-blocks 4 --d-width 16 --batch 32 --binary-tags per-tag \
    --eval-every "$eval_every" --classifier "$work/classifier.safetensors" --eval-samples 500 --keep-generators \
    --sample-every 500 --checkpoint-every 250 --log-every 25 --seed 1
elapsed "training done"

# The evaluation with the most faces right on every attribute; the latest of equals.
best=$(python3 - "$work/run/metrics.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
scored = [(r["evaluation"]["all_attributes_correct"], r["iteration"]) for r in rows if r.get("evaluation")]
print(max(scored)[1])
PY
)
chosen=$(printf "%s/run/generators/iter_%06d.safetensors" "$work" "$best")
elapsed "chose iteration $best ($chosen)"
"$acgan" export --checkpoint "$chosen" --half --out Models/acgan-synthetic-64.safetensors
"$acgan" evaluate --checkpoint Models/acgan-synthetic-64.safetensors --classifier "$work/classifier.safetensors" \
    --data "$work/synth20k" --report docs/evaluation
elapsed "recipe done: wall time $(( $(date +%s) - start )) s"
