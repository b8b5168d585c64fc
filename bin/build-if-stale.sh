# Sourced by bin/storecast-local and bin/storecast-infra from the project root: builds the launcher jar when it is
# missing or a source, resource or pom is newer than it. Sets $jar.
jar=platform/launcher/target/storecast-local-exec.jar
if [ ! -f "$jar" ] || [ -n "$(find . \( -name target -o -name .local -o -name .git \) -prune -o \( -name '*.java' -o -name '*.yml' -o -name '*.json' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  # on stderr: a script's output may be what a caller reads (bin/storecast-token's token)
  echo "building storecast (JDK: $JAVA_HOME) ..." >&2
  ./mvnw -B -q -ntp install -DskipTests >&2
fi
