# Shared by ./mvnw and ./datahub (POSIX sh, sourced). Finds an installed JDK by feature version,
# so a fresh machine with several JDKs (here: 17 as the default java, Temurin 25 beside it)
# needs no JAVA_HOME set by hand.

# jdk_feature HOME -> prints the feature version (17, 21, 25, ...) of the JDK at HOME, or nothing.
jdk_feature() {
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

# find_jdk MIN MAX -> prints the home of a JDK with MIN <= feature <= MAX: JAVA_HOME when it fits,
# else the java on PATH, else the newest fitting one under the usual install folders.
find_jdk() {
  _min=$1 _max=$2 _best="" _bestv=0
  _path_java=$(command -v java 2>/dev/null || true)
  [ -z "$_path_java" ] || _path_java=$(dirname "$(dirname "$(readlink -f "$_path_java")")")
  for _home in "${JAVA_HOME-}" "$_path_java"; do
    [ -n "$_home" ] || continue
    _v=$(jdk_feature "$_home")
    if [ -n "$_v" ] && [ "$_v" -ge "$_min" ] && [ "$_v" -le "$_max" ]; then echo "$_home"; return 0; fi
  done
  for _home in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$_home" ] || continue
    _v=$(jdk_feature "$_home")
    if [ -n "$_v" ] && [ "$_v" -ge "$_min" ] && [ "$_v" -le "$_max" ] && [ "$_v" -gt "$_bestv" ]; then
      _best=$_home _bestv=$_v
    fi
  done
  [ -n "$_best" ] && echo "$_best"
}
