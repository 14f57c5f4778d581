#!/usr/bin/env bash
# The ruler of issue 11: the attribute classifier that `acgan evaluate` and `acgan train
# --eval-every` score generated faces with. It is trained on its own synthetic set (seed 7:
# never the bundled model's training seed 1, so it has not seen the faces the model learned
# from), balanced so every class value is well represented, and written with its held-out
# accuracy inside. Fixed once; changing it changes every figure in docs/quality.md. The ruler
# is the file this made, committed as Models/ruler-classifier.safetensors (one thread, on an
# AMD EPYC Zen 5): trained again, on other threads or another CPU, the classifier rounds
# differently and scores generated faces a few points apart (docs/quality.md says how much).
# Run from the repository root after `make build`; WORK=... chooses where the data and the
# classifier go (default /tmp/acgan-bundled). Its printed figures are kept in
# docs/evaluation/classifier.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# The fixed convolution rules, not a timed trial: the same numbers on every run of a machine.
export ACGAN_CONVOLUTION=${ACGAN_CONVOLUTION:-rules}
acgan=${ACGAN:-.build/release/acgan}
work=${WORK:-/tmp/acgan-bundled}
start=$(date +%s)
[ -e "$work/classifier-data/tags.csv" ] || "$acgan" synth --out "$work/classifier-data" --count 20000 --seed 7 --balanced
"$acgan" classifier train --data "$work/classifier-data" --out "$work/classifier.safetensors" \
    --epochs 10 --batch 32 --seed 7 --held-out 0.1 --threads 1 2>&1 | tee "$work/classifier.txt"
echo "classifier: $work/classifier.safetensors ($(( $(date +%s) - start )) s)"
