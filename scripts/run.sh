#!/usr/bin/env bash
# Runs the pipeline. Builds the shaded jar first if it is missing.
# Usage: scripts/run.sh [--input=DIR,GLOB,...] [--output=DIR] [any Beam option, e.g. --runner=...]
# Honours JAVA_OPTS (e.g. JAVA_OPTS=-Xmx1g). Exit statuses are listed in the README.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_jar.sh"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
