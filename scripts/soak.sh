#!/usr/bin/env bash
# Soak run (issues 5 and 9): the demo --headless for 100,000 frames, once with --threads 1 and once with
# --threads 2; prints the reserved native bytes (frame arenas + particle slab), used heap and GC count after warm-up
# and at the end, and fails unless they stay flat (same reserved bytes, no arena or slab growth, no GC, median 0
# heap bytes per frame on the loop thread and on the walker thread).
# Not part of the default test run (a 5,000-frame version is: HeadlessSoakTest).
#   scripts/soak.sh                      # 100,000 frames, 20,000 particles
#   scripts/soak.sh --particles 200000   # extra flags go to the demo
#   SOAK_FRAMES=20000 scripts/soak.sh
#   DEMO_JAR=/path/to/demo-particles.jar scripts/soak.sh   # run another copy of the jar
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/jdk25.sh
source scripts/jdk25.sh

frames="${SOAK_FRAMES:-100000}"
jar="${DEMO_JAR:-demo-particles/target/demo-particles.jar}"
if [ ! -f "$jar" ]; then
  echo "soak: building $jar" >&2
  ./mvnw -B -q -pl demo-particles -am package -DskipTests
fi

status=0
for threads in 1 2; do
  echo "soak: java -jar $jar --headless --frames $frames --fixed-dt --seed 1 --threads $threads $*"
  output="$(java -Dframealloc.soakReport=true -jar "$jar" --headless --frames "$frames" --fixed-dt --seed 1 \
    --threads "$threads" "$@")"
  echo "$output"

  field() { # field NAME LINE-PREFIX -> value of NAME=... on the soak line starting with LINE-PREFIX
    echo "$output" | grep "^soak: $2" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"
  }
  flat=0
  for name in native-reserved arena-growth slab-capacity gcs; do
    before="$(field "$name" 'after warm-up')"
    after="$(field "$name" 'at end')"
    if [ -z "$before" ] || [ "$before" != "$after" ]; then
      echo "soak: NOT FLAT (--threads $threads): $name went from '${before}' to '${after}' after warm-up" >&2
      flat=1
    fi
  done
  median="$(echo "$output" | sed -n 's/.*heap-bytes\/frame median=\([0-9]*\).*/\1/p')"
  if [ "${median:-x}" != 0 ]; then
    echo "soak: NOT FLAT (--threads $threads): the loop thread's median heap bytes per frame is ${median:-?}, not 0" >&2
    flat=1
  fi
  walker_median="$(echo "$output" | sed -n 's/^soak: walker-thread heap bytes.* median\/frame=\([0-9]*\).*/\1/p')"
  if [ "${walker_median:-x}" != 0 ]; then
    echo "soak: NOT FLAT (--threads $threads): the walker threads' median heap bytes per frame is" \
      "${walker_median:-?}, not 0" >&2
    flat=1
  fi
  loop_bytes="$(echo "$output" | sed -n 's/^soak: loop-thread heap bytes after warm-up: total=\([0-9]*\).*/\1/p')"
  walker_bytes="$(echo "$output" | sed -n 's/^soak: walker-thread heap bytes.* total=\([0-9]*\).*/\1/p')"
  if [ "$flat" = 0 ]; then
    echo "soak: FLAT after warm-up (--threads $threads): no arena growth, no slab growth, no GC, reserved native" \
      "bytes unchanged, median 0 heap bytes/frame (heap bytes after warm-up in total: loop thread ${loop_bytes:-?}," \
      "walker threads ${walker_bytes:-?})"
  else
    status=1
  fi
done
exit "$status"
