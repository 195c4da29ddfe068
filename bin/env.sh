# Sourced by the bin/ scripts: finds the project root and JDK 25. Never relies on the java on PATH.
STA_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export STA_HOME

sta_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    if "$candidate/bin/java" -version 2>&1 | head -1 | grep -Eq '"(2[5-9]|[3-9][0-9])'; then
      echo "$candidate"
      return 0
    fi
  done
  echo "sta: JDK 25 or newer not found; set JAVA_HOME or install Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64" >&2
  return 1
}

# JVM flags for every JVM start; kept equal to sta.jvm.flags in pom.xml.
STA_JVM_FLAGS=(
  --enable-native-access=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
)

sta_mvn() {
  local jdk
  jdk="$(sta_find_jdk)" || return 1
  if ! command -v mvn >/dev/null 2>&1; then
    echo "sta: installing maven" >&2
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends maven; } \
      >/dev/null || return 1
  fi
  # Maven's own Guava calls sun.misc.Unsafe; JDK 25 warns about it unless told it is allowed.
  (cd "$STA_HOME" && JAVA_HOME="$jdk" MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
    mvn -B -Dstyle.color=never "$@")
}
