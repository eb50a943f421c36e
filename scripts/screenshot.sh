#!/usr/bin/env bash
# Regenerates the README's screenshot, docs/demo.png: the demo in a 1280x720 window under Xvfb (Mesa llvmpipe),
# with a fixed seed and a fixed time step, so the particles are the same on every run (the overlay's timings vary).
#   scripts/screenshot.sh                  # writes docs/demo.png
#   scripts/screenshot.sh out.png          # writes out.png
#   FRAMES=900 scripts/screenshot.sh       # another moment of the same run (default 300 frames)
# Extra demo options can follow the output path, e.g. scripts/screenshot.sh out.png --render-thread
# Needs xvfb-run (apt-get install -y xvfb); builds the demo jar through run-demo.sh when it is stale.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

out="${1:-docs/demo.png}"
shift $(( $# > 0 ? 1 : 0 ))
frames="${FRAMES:-300}"

if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "screenshot: xvfb-run is missing; install it with: apt-get install -y xvfb" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

xvfb-run -a -s "-screen 0 1280x720x24" ./run-demo.sh --frames "$frames" --fixed-dt --seed 1 \
  --screenshot "$out" "$@"
echo "screenshot: wrote $out ($frames frames, --fixed-dt --seed 1)"
