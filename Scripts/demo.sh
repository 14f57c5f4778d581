#!/usr/bin/env bash
# The quick start's main job on the built-in defaults: faces to order from the bundled model,
# written to demo/, then the web studio on http://127.0.0.1:8080 (PORT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
acgan=.build/release/acgan
mkdir -p demo
"$acgan" generate --tags "blue hair red eyes smile" --count 16 --seed 7 --out demo/blue-hair-red-eyes.png
"$acgan" generate --tags-file Scripts/demo_tags.txt --seed 7 --out demo/requests.png
"$acgan" interpolate --from-tags "red hair" --to-tags "aqua hair" --tags "long hair green eyes" --seed 3 --steps 8 --out demo/interpolation.png
echo "Faces written to demo/ (blue-hair-red-eyes.png, requests.png: one row per line of Scripts/demo_tags.txt, interpolation.png)."
if "$acgan" help serve >/dev/null 2>&1; then
    echo "Starting the studio on http://127.0.0.1:${PORT:-8080} (Ctrl-C stops it)."
    exec "$acgan" serve --port "${PORT:-8080}"
fi
