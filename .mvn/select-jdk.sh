# Sourced by ./mvnw and ./kubeloop: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps JAVA_HOME (or the java on PATH) when it is new enough; otherwise picks the newest
# JDK >= 21 found in the usual install locations; fails with a clear message if there is none.

kubeloop_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

kubeloop_select_jdk() {
  local java current candidate best="" best_major=0 major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
  else
    java="$(command -v java 2>/dev/null || true)"
  fi
  if [ -n "$java" ]; then
    current="$(kubeloop_java_major "$java")"
    if [ -n "$current" ] && [ "$current" -ge 21 ]; then
      if [ -z "${JAVA_HOME:-}" ]; then
        JAVA_HOME="$(cd "$(dirname "$(readlink -f "$java")")/.." && pwd)"
        export JAVA_HOME
      fi
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(kubeloop_java_major "$candidate/bin/java")"
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "kubeloop needs a JDK 21 or newer, but the java found (${java:-none}, version ${current:-unknown}) is older" >&2
    echo "and none was found under /usr/lib/jvm, /opt or ~/.sdkman. Install one and set JAVA_HOME." >&2
    return 1
  fi
  JAVA_HOME="$(readlink -f "$best")"
  export JAVA_HOME
}

kubeloop_select_jdk || exit 1
