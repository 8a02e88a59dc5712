#!/usr/bin/env bash
# Runs the pipeline. Builds the shaded jar first if it is missing.
# Usage: scripts/run.sh [--input=DIR,GLOB,...] [--output=DIR] [any Beam option, e.g. --runner=...]
# --runner=FlinkRunner uses target/model-failures-pipeline-flink.jar (built with -Pflink if
# missing): embedded Flink by default, or a cluster with --flinkMaster=host:port.
# Honours JAVA_OPTS (e.g. JAVA_OPTS=-Xmx1g), given after the defaults of _jar.sh so that it can
# override them. Exit statuses are listed in the README.
set -euo pipefail
want_flink=0
for a in "$@"; do
  case "${a,,}" in
    --runner=*flink*) want_flink=1 ;;
  esac
done
source "$(dirname "${BASH_SOURCE[0]}")/_jar.sh"
# shellcheck disable=SC2086
RUN_JAVA_EXEC=1 run_java ${JAVA_OPTS:-} -jar "$jar" "$@"
