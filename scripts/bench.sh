#!/usr/bin/env bash
# Benchmarks the pipeline against a parse-only floor on a synthetic corpus of N documents.
#
# Usage: scripts/bench.sh [N] [--runs=3] [--seed=42] [--source=DIR] [--work=DIR] [--no-floor]
#                         [--extract-floor] [-- extra pipeline options]
#   N              documents to generate (default 10000)
#   --runs         runs of each program; medians are reported (default 3)
#   --seed         seed of the synthetic corpus (default 42)
#   --source       documents to mutate (default ../shared/corpus when present, else sample-data)
#   --work         where the corpus and outputs go (default pipeline/target/bench; never committed)
#   --extract-floor  also time the floor with the full extractor (the pipeline's per-document work)
# Environment:
#   JAVA_OPTS          JVM options of both programs (default -Xmx1g), after run.sh's defaults
#                      (default_java_opts in _jar.sh), which they can override
#   BENCH_PIPELINE_OPTS  pipeline options (default --targetParallelism=2, the Direct runner's
#                        worker threads; set it to the machine's cores)
# Prints, per program, the median wall time, documents/s, MB/s, peak RSS and CPU time, and the
# pipeline/floor ratios of the medians (wall, and CPU, which a shared machine disturbs less).
# Each run is a fresh JVM: times include JVM start.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=10000
runs=3
seed=42
source_dir=""
work="$root/pipeline/target/bench"
floor=1
extract_floor=0
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs=*) runs="${1#*=}" ;;
    --seed=*) seed="${1#*=}" ;;
    --source=*) source_dir="${1#*=}" ;;
    --work=*) work="${1#*=}" ;;
    --no-floor) floor=0 ;;
    --extract-floor) extract_floor=1 ;;
    --) shift; extra=("$@"); break ;;
    [0-9]*) n="$1" ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [[ -z "$source_dir" ]]; then
  if [[ -d "$root/../shared/corpus" ]]; then
    source_dir="$(cd "$root/../shared/corpus" && pwd)"
  else
    source_dir="$root/sample-data"
  fi
fi
export JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
pipeline_opts="${BENCH_PIPELINE_OPTS:---targetParallelism=2}"
source "$root/scripts/_jar.sh"

corpus="$work/corpus-$n-seed$seed"
if [[ ! -f "$corpus/.complete" ]]; then
  rm -rf "$corpus"
  echo "== generating $n documents from $source_dir (seed $seed)"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$jar" io.modelfailures.bench.SyntheticCorpus \
    --source="$source_dir" --out="$corpus" --count="$n" --seed="$seed"
  touch "$corpus/.complete"
fi
mb=$(find "$corpus" -iname 'model_failures*.md' -printf '%s\n' | awk '{s+=$1} END {printf "%.2f", s/1e6}')
docs=$(find "$corpus" -iname 'model_failures*.md' | wc -l)
echo "== corpus: $docs documents, $mb MB in $corpus"
echo "== JAVA_OPTS=$JAVA_OPTS pipeline options: $pipeline_opts ${extra[*]:-}"

# Runs a command, printing "<wall s> <peak RSS MB> <CPU s (user+sys), or 0 without /usr/bin/time>";
# the command's output goes to $log.
measure() {
  local log="$1"
  shift
  local start end rss cpu=0
  start=$(date +%s.%N)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log.time")
    cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$log.time")
  else
    "$@" >"$log" 2>&1 &
    local pid=$! hwm=0 v
    while kill -0 "$pid" 2>/dev/null; do
      v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [[ -n "$v" && "$v" -gt "$hwm" ]] && hwm=$v
      sleep 0.2
    done
    wait "$pid"
    rss=$((hwm / 1024))
  fi
  end=$(date +%s.%N)
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b-a}') $rss $cpu"
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }

out="$work/out-$n"
: >"$work/pipeline.times"
: >"$work/floor.times"
: >"$work/extract.times"
for ((r = 1; r <= runs; r++)); do
  if [[ "$floor" == 1 ]]; then
    # shellcheck disable=SC2086
    m=$(measure "$work/floor-$r.log" java "${default_java_opts[@]}" $JAVA_OPTS -cp "$jar" io.modelfailures.bench.ParseFloor "$corpus")
    echo "$m" >>"$work/floor.times"
    read -r w rs c <<<"$m"
    echo "run $r floor:    wall ${w}s cpu ${c}s rss ${rs}MB  ($(grep -o 'floor.*' "$work/floor-$r.log"))"
  fi
  if [[ "$extract_floor" == 1 ]]; then
    # shellcheck disable=SC2086
    m=$(measure "$work/extract-$r.log" java "${default_java_opts[@]}" $JAVA_OPTS -cp "$jar" io.modelfailures.bench.ParseFloor "$corpus" --extract)
    echo "$m" >>"$work/extract.times"
    read -r w rs c <<<"$m"
    echo "run $r extract:  wall ${w}s cpu ${c}s rss ${rs}MB"
  fi
  # shellcheck disable=SC2086
  m=$(measure "$work/pipeline-$r.log" java "${default_java_opts[@]}" $JAVA_OPTS -jar "$jar" --input="$corpus" --output="$out" $pipeline_opts "${extra[@]}")
  status=$(grep -c '^documents=' "$work/pipeline-$r.log" || true)
  if [[ "$status" == 0 ]]; then
    echo "pipeline run $r failed; see $work/pipeline-$r.log" >&2
    tail -20 "$work/pipeline-$r.log" >&2
    exit 1
  fi
  echo "$m" >>"$work/pipeline.times"
  read -r w rs c <<<"$m"
  echo "run $r pipeline: wall ${w}s cpu ${c}s rss ${rs}MB  ($(grep '^documents=' "$work/pipeline-$r.log"))"
done

report() {
  local name="$1" file="$2" wall rss cpu
  [[ -s "$file" ]] || return 0
  wall=$(cut -d' ' -f1 "$file" | median)
  rss=$(cut -d' ' -f2 "$file" | median)
  cpu=$(cut -d' ' -f3 "$file" | median)
  awk -v n="$name" -v w="$wall" -v r="$rss" -v c="$cpu" -v d="$docs" -v mb="$mb" 'BEGIN {
    printf "%-9s median wall %8.2f s  %9.1f docs/s  %7.2f MB/s  peak RSS %6d MB  CPU %8.2f s  (%.2f ms/doc)\n",
      n, w, d/w, mb/w, r, c, 1000*w/d }'
}
echo "== medians of $runs run(s), $docs documents, $mb MB"
report pipeline "$work/pipeline.times"
report floor "$work/floor.times"
report extract "$work/extract.times"
ratio() {
  local label="$1" file="$2" col="$3" p f
  [[ -s "$file" ]] || return 0
  p=$(cut -d' ' -f"$col" "$work/pipeline.times" | median)
  f=$(cut -d' ' -f"$col" "$file" | median)
  awk -v l="$label" -v p="$p" -v f="$f" 'BEGIN {if (f > 0) printf "ratio %s: %.2f\n", l, p/f}'
}
ratio "pipeline/floor (wall)" "$work/floor.times" 1
ratio "pipeline/floor (CPU)" "$work/floor.times" 3
ratio "pipeline/extract-floor (wall)" "$work/extract.times" 1
ratio "pipeline/extract-floor (CPU)" "$work/extract.times" 3
