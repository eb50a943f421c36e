#!/usr/bin/env bash
# Runs every zero-garbage test (JUnit tag "zero-garbage", engine-memory and demo-particles) N times, each run in a
# fresh JVM (the hardest case: the JIT starts cold every time), optionally while K processes burn CPU, and prints
# pass/fail counts per test and in total. Exit 0 only if every run passed. Issue 11's flakiness check.
#   scripts/zero-garbage-loop.sh                   # 30 runs of each test
#   scripts/zero-garbage-loop.sh --runs 5 --load 2 # 5 runs each, with 2 CPU-burning processes
#   scripts/zero-garbage-loop.sh --only Overlay    # only tests whose class#method contains "Overlay"
# Failure messages go to target/zero-garbage-loop/failures.log. Not part of ./mvnw verify (it takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=30
load=0
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --load) load="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "zero-garbage-loop: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$runs$load" in *[!0-9]*) echo "zero-garbage-loop: --runs and --load take whole numbers" >&2; exit 2 ;; esac
if [ "$runs" -lt 1 ]; then echo "zero-garbage-loop: --runs must be at least 1" >&2; exit 2; fi

# shellcheck source=scripts/jdk25.sh
source scripts/jdk25.sh

out=target/zero-garbage-loop
mkdir -p "$out"
: > "$out/failures.log"

echo "zero-garbage-loop: compiling the tests and writing their class paths"
# One reactor build: demo-particles' class path names engine-memory/target/classes, not a jar from ~/.m2.
./mvnw -B -q -pl engine-memory,demo-particles -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt

# The JVM flags each module's surefire uses (engine-memory/pom.xml, demo-particles/pom.xml).
flags_engine_memory="--enable-native-access=ALL-UNNAMED -Xmx1g"
flags_demo_particles="--enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Djoml.nounsafe=true -Xmx2g"

burners=()
stop_burners() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
  burners=()
}
trap stop_burners EXIT

total_pass=0
total_fail=0
summary=()
echo "zero-garbage-loop: $runs runs per test, $load CPU burners; uptime before: $(uptime)"
for module in engine-memory demo-particles; do
  cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/test-classpath.txt")"
  javac -d "$out/$module-launcher" -cp "$cp" scripts/ZeroGarbageLoop.java
  cp="$out/$module-launcher:$cp"
  flags_var="flags_${module//-/_}"
  mapfile -t tests < <(java -cp "$cp" ZeroGarbageLoop list zero-garbage | grep -F -- "$only" || true)
  if [ "${#tests[@]}" -eq 0 ]; then
    echo "zero-garbage-loop: no zero-garbage test in $module${only:+ matching '$only'}"
    continue
  fi
  for test in "${tests[@]}"; do
    for ((i = 0; i < load; i++)); do
      sh -c 'while :; do :; done' &
      burners+=("$!")
    done
    pass=0
    fail=0
    for ((run = 1; run <= runs; run++)); do
      # shellcheck disable=SC2086
      if result="$(java ${!flags_var} -cp "$cp" ZeroGarbageLoop run "$test" 2>>"$out/stderr.log")"; then
        pass=$((pass + 1))
      else
        fail=$((fail + 1))
        printf '%s run %d: %s\n' "$test" "$run" "$result" >> "$out/failures.log"
        echo "  FAIL $test run $run: $(echo "$result" | head -n 1 | cut -c 1-300)"
      fi
    done
    stop_burners
    echo "  $test: $pass passed, $fail failed"
    summary+=("$pass/$runs  $test")
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
  done
done
echo "zero-garbage-loop: uptime after: $(uptime)"
echo "zero-garbage-loop: per test (passed/runs), $load CPU burners:"
printf '  %s\n' "${summary[@]}"
echo "zero-garbage-loop: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
