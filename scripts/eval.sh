#!/usr/bin/env bash
# Measures extraction accuracy against gold labels, with the reference scorer's metrics.
# Usage: scripts/eval.sh GOLD_DIR [--docs] [--by-layout] [--corpus DIR] [--floors FILE]
# --floors FILE exits with status 3 when a metric falls below its floor (see scripts/eval-floors.json).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/pipeline/target/model-failures-pipeline-bundled.jar"
if [[ ! -f "$jar" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -q -B -DskipTests -Dspotless.check.skip=true package) >&2
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$jar" io.modelfailures.eval.Evaluator "$@"
