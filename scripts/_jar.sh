# Sourced by run.sh and eval.sh: sets $root and $jar, building the shaded jar if it is missing.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/pipeline/target/model-failures-pipeline-bundled.jar"
if [[ ! -f "$jar" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -q -B -DskipTests -Dspotless.check.skip=true package) >&2
fi
