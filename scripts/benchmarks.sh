#!/usr/bin/env bash
# Builds the benchmarks, runs the JMH suite, the frame-loop benchmark, the slab-iteration race and the interleaved
# allocation race, and regenerates docs/BENCHMARKS.md and its charts (docs/benchmarks-*.png) from the results (kept
# in benchmarks/results/; the allocation race's section, allocation-race.md, is appended to the report as it is).
#
# Usage: scripts/benchmarks.sh [--quick] [--report-only]
#   (no option)    the full run: about 20 minutes on 2 cores
#   --quick        smoke test (about 2 minutes): short runs, 100,000 particles; writes its results and report to
#                  benchmarks/target/quick/ and leaves docs/ alone
#   --report-only  regenerates the report from the existing results without building or running anything
#                  (with --quick: from benchmarks/target/quick/)
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/jdk25.sh
source scripts/jdk25.sh

mode=full
report_only=0
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --report-only) report_only=1 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option '$arg' (use --quick, --report-only or --help)" >&2; exit 2 ;;
  esac
done

jar=benchmarks/target/benchmarks.jar
if [ "$mode" = full ]; then
  results=benchmarks/results
  report=docs/BENCHMARKS.md
  images=docs
  jmh_opts=(-f 2 -wi 2 -i 5 -w 1s -r 1s)
  loop_opts=(--particles 1000000 --warmup 1500 --frames 600)
  race_opts=(--live 1000000 --frames 600 --rounds 41 --walks 3 --warmup 20)
  alloc_race_opts=(--forks 3 --references)
else
  results=benchmarks/target/quick
  report=$results/BENCHMARKS.md
  images=$results
  jmh_opts=(-f 1 -wi 1 -i 2 -w 200ms -r 200ms)
  loop_opts=(--particles 100000 --warmup 30 --frames 60)
  race_opts=(--live 100000 --frames 60 --rounds 9 --walks 2 --warmup 5)
  alloc_race_opts=(--forks 1 --warmup 5 --rounds 11 --batches 500)
fi
mkdir -p "$results" "$images"

# Always build engine-memory from this checkout (-am): a jar left in ~/.m2 may be an older engine.
build=(./mvnw -B -q -pl benchmarks -am package -DskipTests)
jmh=(java -jar "$jar" "${jmh_opts[@]}" -prof gc -rf json -rff "$results/jmh.json")
loop=(java -cp "$jar" dev.framealloc.benchmarks.frameloop.FrameLoopBenchmark "${loop_opts[@]}"
      --out "$results/frame-loop.json")
race=(java -cp "$jar" dev.framealloc.benchmarks.iteration.SlabIterationRace "${race_opts[@]}"
      --out "$results/slab-iteration-race.properties")
alloc_race=(java -cp "$jar" dev.framealloc.benchmarks.race.AllocationRace "${alloc_race_opts[@]}"
            --out "$results/allocation-race.md")
self="scripts/benchmarks.sh$([ "$mode" = quick ] && echo ' --quick' || true)"
gen=(java -cp "$jar" dev.framealloc.benchmarks.report.ReportGenerator --jmh "$results/jmh.json"
     --frame-loop "$results/frame-loop.json" --iteration-race "$results/slab-iteration-race.properties" --run-info "$results/run-info.properties" --out "$report" --images "$images" --mode "$mode"
     --command "$self   # builds, runs everything below, regenerates this file"
     --command "${build[*]}"
     --command "${jmh[*]}"
     --command "${loop[*]}"
     --command "${race[*]}"
     --command "${alloc_race[*]}"
     --command "$self --report-only   # regenerates this file and its charts from $results/")

if [ "$report_only" = 0 ]; then
  echo "==> build: ${build[*]}"
  "${build[@]}"
  start=$(date +%s)
  echo "start_loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" > "$results/run-info.properties"
  echo "==> JMH suite ($mode), log in $results/jmh.log: ${jmh[*]}"
  "${jmh[@]}" > "$results/jmh.log" 2>&1 || { tail -n 40 "$results/jmh.log" >&2; exit 1; }
  grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.[A-Za-z]+ )' "$results/jmh.log" | grep -v ':gc\.' || true
  echo "==> frame loop ($mode): ${loop[*]}"
  "${loop[@]}"
  echo "==> slab iteration race ($mode): ${race[*]}"
  "${race[@]}"
  echo "==> allocation race ($mode): ${alloc_race[*]}"
  "${alloc_race[@]}" --command "${alloc_race[*]}"
  {
    echo "end_loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    echo "duration_s=$(( $(date +%s) - start ))"
    echo "measured_at=$(date -u '+%Y-%m-%d %H:%M UTC')"
    java -cp "$jar" dev.framealloc.benchmarks.report.ReportGenerator --describe-machine
  } >> "$results/run-info.properties"
  echo "==> measured in $(( $(date +%s) - start )) s"
elif [ ! -f "$jar" ]; then
  echo "error: $jar is missing: run scripts/benchmarks.sh once without --report-only" >&2
  exit 1
fi
echo "==> report: $report"
"${gen[@]}"
if [ -f "$results/allocation-race.md" ]; then
  { echo; cat "$results/allocation-race.md"; } >> "$report"
fi
