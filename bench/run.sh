#!/bin/sh
# Builds and runs the benchmark harness: ./bench/run.sh [--rows N] [--runs K] [--work DIR]
# (defaults: 1,000,000 rows, 5 measured runs per side after one warm-up each).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/.mvn/jdk.sh"
"$here/mvnw" -q -B -f "$here/pom.xml" -pl bench -am package -DskipTests
java_home=$(find_jdk 17 21)
cp="$here/bench/target/classes:$(cat "$here/bench/target/classpath.txt")"
opts=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' "$here/pom.xml")
exec "$java_home/bin/java" $opts -Xmx6g -cp "$cp" io.datahub.bench.PipelineBenchmark "$@"
