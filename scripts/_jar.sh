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

# JVM options that run.sh and the benchmarks put before JAVA_OPTS (which can override them, e.g.
# JAVA_OPTS=-XX:TieredStopAtLevel=4). Only the first JIT tier (C1): on this 2-core machine the
# C2 compiler's work was half the CPU of a 742-document run (10.9 s -> 6.6 s wall without it) and
# still cost more than it saved at 10,000 documents (37.9 s -> 33.9 s). See scripts/BENCHMARKS.md.
default_java_opts=(-XX:TieredStopAtLevel=1)

# run_java JAVA_ARGS...: java with default_java_opts first. With RUN_JAVA_EXEC=1 the shell is
# replaced by java (run.sh), so signals reach the JVM directly.
run_java() {
  if [[ "${RUN_JAVA_EXEC:-0}" == 1 ]]; then exec java "${default_java_opts[@]}" "$@"; fi
  java "${default_java_opts[@]}" "$@"
}
