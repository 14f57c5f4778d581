#!/usr/bin/env bash
# Installs the Debian packages ACGAN Studio builds against, if any is missing.
# Safe to run again: it does nothing when everything is present.
set -euo pipefail
packages=(pkg-config libopenblas-dev libdnnl-dev liblapacke-dev libpng-dev libturbojpeg0-dev libcairo2-dev
          libopenmpi-dev openmpi-bin libsqlite3-dev zlib1g-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node checks the studio's JavaScript in `make test`; any Node from 12 on will do.
command -v node >/dev/null || missing+=(nodejs)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
