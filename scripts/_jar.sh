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

# run_java NAME JAVA_ARGS...: runs java with class-data sharing. The first run after a build
# records the classes it loaded in "$jar.NAME.jsa" when it exits; later runs map them from there
# instead of loading and verifying them from the jar again (about 2 s of a sample-data run).
# The JVM ignores an archive made from another jar or JDK. MFP_CDS=0 turns this off. With
# RUN_JAVA_EXEC=1 the shell is replaced by java whenever it need not outlive it (run.sh).
run_java() {
  local name="$1"
  shift
  local archive="$jar.$name.jsa" quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off) status=0
  local use=()
  if [[ "${MFP_CDS:-1}" != 0 && -f "$archive" && "$archive" -nt "$jar" ]]; then
    use=(-XX:SharedArchiveFile="$archive" "${quiet[@]}")
  fi
  if [[ "${MFP_CDS:-1}" == 0 || ${#use[@]} -gt 0 ]]; then
    if [[ "${RUN_JAVA_EXEC:-0}" == 1 ]]; then exec java "${default_java_opts[@]}" "${use[@]}" "$@"; fi
    java "${default_java_opts[@]}" "${use[@]}" "$@" || status=$?
    return $status
  fi
  # The archive is written under a private name and renamed when complete, so a concurrent run
  # never maps a partial one. The shell waits for java here, so it passes on a kill.
  java "${default_java_opts[@]}" -XX:ArchiveClassesAtExit="$archive.$$" "${quiet[@]}" "$@" &
  local pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
  while :; do
    status=0
    wait "$pid" || status=$?
    kill -0 "$pid" 2>/dev/null || break
  done
  trap - TERM INT HUP
  if [[ -f "$archive.$$" ]]; then mv -f "$archive.$$" "$archive"; fi
  return $status
}
