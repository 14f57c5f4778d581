#!/usr/bin/env bash
# The generator's kernels on this machine (issue 17; docs/performance.md): one
# `acgan bench --mode generate` per ACGAN_GENERATOR value (the Tensor path and each compiled
# program), the bundled model's faces of each against the Tensor path in PNG levels, and the
# core OpenBLAS chose by itself before BLASKernels replaced it. Prints to stdout; the output of
# each machine goes to docs/benchmarks/raw/generator-kernels-<date>-<cpu>.txt.
#
#   make build && Scripts/generator_kernels.sh > out.txt
set -u
cd "$(dirname "$0")/.."
acgan=.build/release/acgan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u +%FT%TZ), $(git rev-parse --short HEAD), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs), model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs"
echo '$ OPENBLAS_VERBOSE=2 acgan --version   (the first line is OpenBLAS'"'"'s own choice, a second one BLASKernels'"'"' replacement)'
OPENBLAS_VERBOSE=2 "$acgan" --version 2>&1 | grep '^Core'
for kernels in tensor nhwc blocked16 blocked8 winograd; do
    echo "\$ ACGAN_GENERATOR=$kernels ACGAN_CONVOLUTION=rules acgan bench --mode generate --iters 5 --warmup 2"
    ACGAN_GENERATOR=$kernels ACGAN_CONVOLUTION=rules "$acgan" bench --mode generate --iters 5 --warmup 2 2>/dev/null | python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
print(json.dumps({k: d[k] for k in ['blas_core', 'fma_peak_gflops', 'gen_images_per_s', 'gen_b1_latency_ms',
                                    'gen_b1_latency_ms_one_thread', 'peak_rss_mb']}))"
done
echo '$ acgan generate --count 64 --seed 7 --tags "blue hair" with each ACGAN_GENERATOR: PNG levels against tensor'
for kernels in tensor winograd nhwc blocked16 blocked8; do
    ACGAN_GENERATOR=$kernels ACGAN_CONVOLUTION=rules "$acgan" generate --count 64 --seed 7 --tags "blue hair" \
        --out "$work/$kernels.png" > /dev/null 2>&1
done
WORK="$work" python3 - <<'PY'
import os, sys
sys.path.insert(0, 'Scripts')
from browser_test import png_pixels
def pixels(kernels):
    decoded = png_pixels(open(os.path.join(os.environ['WORK'], kernels + '.png'), 'rb').read())
    return decoded[2] if isinstance(decoded, tuple) else decoded
reference = pixels('tensor')
for kernels in ['winograd', 'nhwc', 'blocked16', 'blocked8']:
    d = [abs(x - y) for x, y in zip(reference, pixels(kernels))]
    differ = sum(1 for x in d if x > 0)
    print(f"{kernels}: {len(d)} values, max difference {max(d)} levels, {differ} differ ({100 * differ / len(d):.4f}%)")
PY
