#!/usr/bin/env bash
# Test SPARK_HOME (see datahub-submit/pom.xml): the environment Spark's scripts set up before starting a JVM.
# Sourced by spark-class. Like Spark's own: finds SPARK_HOME, reads conf/spark-env.sh once, and tells the
# launcher the Scala version, which it cannot find by itself in a SPARK_HOME without build directories.

if [ -z "${SPARK_HOME}" ]; then
  SPARK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export SPARK_HOME
fi

if [ -z "${SPARK_ENV_LOADED}" ]; then
  export SPARK_ENV_LOADED=1
  export SPARK_CONF_DIR="${SPARK_CONF_DIR:-${SPARK_HOME}/conf}"
  if [ -f "${SPARK_CONF_DIR}/spark-env.sh" ]; then
    set -a
    . "${SPARK_CONF_DIR}/spark-env.sh"
    set +a
  fi
fi

# jars/ holds the registry's Scala 2.12 artifacts (spark-sql_2.12, spark-hive_2.12).
export SPARK_SCALA_VERSION=2.12
