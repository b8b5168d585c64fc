# Sourced by .ci/run and the scripts under bin/ and tools/: exports JAVA_HOME pointing at a JDK >= 21.
# Order: an existing JAVA_HOME that is new enough, then `java` on the PATH, then the newest JDK
# under /usr/lib/jvm (Temurin 25 on our machines, where the default java is 17).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}
select_jdk() {
  local candidate best="" best_major=0 major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null)"; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$(dirname "$(dirname "$(readlink -f "$candidate")")"); best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "storecast needs a JDK 21 or newer; none found (set JAVA_HOME)." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
select_jdk
export PATH="$JAVA_HOME/bin:$PATH"
