#!/bin/sh
# One-shot (service "init" of docker-compose.yml): the folders the flows read and write, on the shared volumes.
# NiFi (uid 1000) lands files that Spark (uid 185, Livy and the worker) reads and writes beside: the layer folders are
# shared, each program owns what it creates below them.
set -eu
for app_dir in /opt/datahub/config/applications/*/; do
  app=$(basename "$app_dir")
  for layer in staging standardization service; do
    [ -d "$app_dir$layer" ] || continue
    mkdir -p "/opt/datahub/landing/inbox/$app/$layer" "/opt/datahub/landing/archive/$app/$layer" \
             "/opt/datahub/landing/errors/$app/$layer" "/opt/datahub/data/applications/$app/$layer"
  done
done
mkdir -p /opt/datahub/data/warehouse
chmod 0777 /opt/datahub/data /opt/datahub/data/warehouse /opt/datahub/data/applications /opt/datahub/data/applications/* \
           /opt/datahub/data/applications/*/*
chown -R 1000:1000 /opt/datahub/landing
echo "prepared the landing and data folders of: $(ls /opt/datahub/config/applications | tr '\n' ' ')"
