#!/usr/bin/env bash
# Measures extraction accuracy against gold labels, with the reference scorer's metrics.
# Usage: scripts/eval.sh GOLD_DIR [--docs] [--by-layout] [--rules] [--corpus DIR] [--floors FILE]
# --floors FILE exits with status 3 when a metric falls below its floor (see eval-floors.json).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_jar.sh"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$jar" io.modelfailures.eval.Evaluator "$@"
