#!/usr/bin/env bash
# Runs the particle demo: builds demo-particles/target/demo-particles.jar when it is missing or older than the
# sources, then starts it with JDK 25. Every argument goes to the demo (try --help).
#   ./run-demo.sh                      # window, 20,000 particles, mapped upload when GL 4.4 is there
#   ./run-demo.sh --particles 100000 --no-vsync
#   xvfb-run -a -s "-screen 0 1280x720x24" ./run-demo.sh --frames 400 --screenshot shot.png   # no display
#   ./run-demo.sh --headless --particles 1000000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

# shellcheck source=scripts/jdk25.sh
source scripts/jdk25.sh || exit 1

jar="demo-particles/target/demo-particles.jar"
stale=0
if [ ! -f "$jar" ]; then
  stale=1
elif [ -n "$(find engine-memory/src/main demo-particles/src/main assets pom.xml engine-memory/pom.xml \
        demo-particles/pom.xml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  stale=1
fi
if [ "$stale" = 1 ]; then
  echo "run-demo: building $jar ..." >&2
  ./mvnw -B -q -pl demo-particles -am package -DskipTests >&2
fi

if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  XDG_RUNTIME_DIR="$(mktemp -d)"
  chmod 700 "$XDG_RUNTIME_DIR"
  export XDG_RUNTIME_DIR
fi
jvm_flags=()
if [ "$(uname -s)" = "Darwin" ]; then
  jvm_flags+=(-XstartOnFirstThread) # GLFW must run on the macOS main thread
fi
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -jar "$jar" "$@"
