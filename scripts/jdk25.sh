#!/usr/bin/env bash
# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK 25 and puts it first on PATH.
# Order: $JAVA_HOME if it is 25+, then `java` on PATH, then /usr/lib/jvm/*25* and /Library/Java (macOS).
# Fails with a clear message when no JDK 25 is found.

framealloc_java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

framealloc_find_jdk25() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/*25* /usr/lib/jvm/*-25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(framealloc_java_major "$candidate/bin/java")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if JAVA_HOME="$(framealloc_find_jdk25)"; then
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
else
  echo "error: framealloc needs a JDK 25, and none was found (checked \$JAVA_HOME, java on PATH, /usr/lib/jvm/*25*)." >&2
  echo "       Install one (for example Temurin 25: apt-get install temurin-25-jdk, or https://adoptium.net)" >&2
  echo "       and set JAVA_HOME to it: export JAVA_HOME=/path/to/jdk-25" >&2
  return 1 2>/dev/null || exit 1
fi
