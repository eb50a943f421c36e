#!/usr/bin/env bash
# Mutation testing of engine-memory with PIT (the `mutation` profile of engine-memory/pom.xml), then the score per
# class from scripts/MutationReport.java. Not part of ./mvnw verify: a full run took 25-32 minutes on 2 shared cores.
#   scripts/mutation.sh                         # every class; rewrites the table in docs/RELIABILITY.md
#   scripts/mutation.sh --classes 'dev.framealloc.memory.internal.*'        # some classes only; prints the table
#   scripts/mutation.sh --classes dev.framealloc.memory.ScratchArena --tests 'dev.framealloc.memory.Scratch*'
#   scripts/mutation.sh --report-only           # no PIT run: the table from the last run's mutations.xml
# Options: --classes GLOBS, --tests GLOBS (comma-separated PIT globs), --threads N (default 2), --no-write (a full
# run only prints the table), --report-only (with --classes/--tests: treat the last run as partial), -h/--help.
# Only a full run rewrites docs/RELIABILITY.md (between <!-- mutation:start --> and <!-- mutation:end -->).
# The table counts every line of scripts/equivalent-mutants.tsv (class, method, line, mutator, why; tab-separated)
# as an equivalent mutant, and fails if a line no longer matches a surviving mutant. Exit 0 only on success.
# The HTML report is engine-memory/target/pit-reports/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."

classes=""
tests=""
threads=2
write=""
report_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --classes|--tests|--threads)
      if [ $# -lt 2 ] || [ -z "$2" ]; then echo "mutation: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in --classes) classes="$2" ;; --tests) tests="$2" ;; --threads) threads="$2" ;; esac
      shift 2 ;;
    --write) write=yes; shift ;;  # the default for full runs; refused for partial ones
    --no-write) write=no; shift ;;
    --report-only) report_only=true; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "mutation: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$threads" in ''|*[!0-9]*|0) echo "mutation: --threads takes a whole number >= 1, got '$threads'" >&2; exit 2 ;; esac

# shellcheck source=scripts/jdk25.sh
source scripts/jdk25.sh

partial=false
if [ -n "$classes" ] || [ -n "$tests" ]; then partial=true; fi
report_args=()
if $partial; then
  report_args+=(--partial)
  if [ "$write" = yes ]; then
    echo "mutation: --write after a partial run would replace the full table with a partial one; run without" >&2
    echo "          --classes/--tests to rewrite docs/RELIABILITY.md" >&2
    exit 2
  fi
elif [ "$write" != no ]; then
  report_args+=(--write)
fi

if ! $report_only; then
  pit=(-Dthreads="$threads")
  mkdir -p engine-memory/target
  if [ -n "$classes" ]; then pit+=(-DtargetClasses="$classes"); fi
  if [ -n "$tests" ]; then pit+=(-DtargetTests="$tests"); fi
  echo "mutation: building engine-memory and running PIT (classes: ${classes:-all}; tests: ${tests:-all};" \
       "threads: $threads); started $(date -u '+%H:%M:%S') UTC"
  # Maven runs on the JDK 25 found above, so PIT's minion JVMs (which run the tests) are JDK 25 too.
  if ! ./mvnw -B -pl engine-memory -am -P mutation test-compile org.pitest:pitest-maven:mutationCoverage \
      "${pit[@]}" > engine-memory/target/mutation.log 2>&1; then
    tail -n 40 engine-memory/target/mutation.log >&2
    echo "mutation: PIT failed; the whole log is engine-memory/target/mutation.log" >&2
    exit 1
  fi
  grep -E '^>> (Generated|Line Coverage|Mutations with no coverage)' engine-memory/target/mutation.log || true
  echo "mutation: PIT finished $(date -u '+%H:%M:%S') UTC; log: engine-memory/target/mutation.log"
fi

java scripts/MutationReport.java "${report_args[@]}"
