#!/bin/bash
# Writes Spark's configuration (with secrets from the environment, never baked into the image), then runs Livy.
set -euo pipefail
: "${HIVE_METASTORE_DB_PASSWORD:?set HIVE_METASTORE_DB_PASSWORD (see .env.example)}"
mkdir -p "$SPARK_CONF_DIR"
umask 077
{
  cat /opt/datahub/spark-defaults.conf
  echo "spark.hadoop.javax.jdo.option.ConnectionPassword  ${HIVE_METASTORE_DB_PASSWORD}"
  # The executors get the JDBC drivers from the driver.
  echo "spark.jars  ${DATAHUB_JDBC_JARS}"
} > "$SPARK_CONF_DIR/spark-defaults.conf"
exec /opt/livy/bin/livy-server
