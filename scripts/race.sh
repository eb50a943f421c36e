#!/usr/bin/env bash
# The interleaved allocation race: framealloc's MemoryArena.allocateAddress against LWJGL's MemoryStack.nmalloc,
# and MemoryArena.allocate(byteSize, byteAlignment) against the JDK's SegmentAllocator.slicingAllocator, taking
# turns round after round in each JVM (dev.framealloc.benchmarks.race.AllocationRace). Prints each contestant's
# median-of-rounds ns per allocation, the ratios per JVM and whether each goal is met.
#
# Usage: scripts/race.sh [--build] [AllocationRace options]
#   --build                  rebuild engine-memory and the benchmarks jar first (done anyway when the jar is missing)
#   --race address|segment   one race only (default: both)
#   --forks N                JVMs, one after the other (default 2); --rounds, --warmup, --batches per JVM
#   --references             add the labelled stand-alone fast-path copies that decompose a gap
#   --clock wall             time with System.nanoTime instead of the racing thread's CPU time
#   --out FILE               also write the results as a Markdown section
# About 10 s per JVM for both races with the defaults. Quote the ratios with the load average it prints.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/jdk25.sh
source scripts/jdk25.sh

jar=benchmarks/target/benchmarks.jar
args=()
build=0
for arg in "$@"; do
  case "$arg" in
    --build) build=1 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  echo "==> build: ./mvnw -B -q -pl benchmarks -am package -DskipTests"
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
exec java -cp "$jar" dev.framealloc.benchmarks.race.AllocationRace --command "scripts/race.sh ${args[*]:-}" "${args[@]}"
