# Sourced by run.sh and eval.sh: sets $root and $jar, building the shaded jar if it is missing.
# With want_flink=1 (run.sh sets it for --runner=FlinkRunner) $jar is the jar that also holds the
# Flink runner, built by the flink Maven profile; otherwise it is the lean Direct-runner jar.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${want_flink:-0}" == 1 ]]; then
  jar="$root/pipeline/target/model-failures-pipeline-flink.jar"
  profile=(-Pflink)
else
  jar="$root/pipeline/target/model-failures-pipeline-bundled.jar"
  profile=()
fi
if [[ ! -f "$jar" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -q -B -DskipTests -Dspotless.check.skip=true "${profile[@]}" package) >&2
fi
