#!/usr/bin/env bash
# Incremental vs full run on a copy of a corpus (default ../shared/corpus).
# 1. full run of the copy (the "previous" output); 2. change ~1% of the documents (a line appended
# to every 100th document in path order); 3. three full runs and three incremental runs
# (--previous=the first output) of the changed copy, timed; 4. every table of the first
# incremental run except changes/drift must equal the first full run's (sorted JSON Lines), and
# so must the manifest's counts. Prints the medians and their ratio (target: incremental <= 0.3x).
# Each round also times a fresh run over ONE of the documents (with its metadata.json): the fixed
# cost of any run (JVM start, pipeline construction, the runner's per-step costs), i.e. the floor
# below which no incremental run of the corpus can go.
# Usage: scripts/bench-incremental.sh [CORPUS] [RUNS]   (rebuild the jar first after code changes)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_jar.sh"
jar="${BENCH_JAR:-$jar}" # a copy keeps a long benchmark safe from a rebuild
corpus="$(cd "${1:-$root/../shared/corpus}" && pwd)"
runs="${2:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-incremental.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -r "$corpus" "$work/in"

run() { # run NAME ARGS...: prints wall seconds
  local name="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  run_java ${JAVA_OPTS:-} -jar "$jar" --keepRuns=1 "$@" >"$work/$name.log" 2>&1 \
    || { echo "run $name failed:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== previous: full run of $(find "$work/in" -iname 'model_failures*.md' | wc -l) documents"
echo "previous full: $(run prev --input="$work/in" --output="$work/prev")s"

mapfile -t docs < <(find "$work/in" -type f -iname 'model_failures*.md' | sort)
changed=0
for ((i = 0; i < ${#docs[@]}; i += 100)); do
  printf '\nBenchmark edit %d.\n' "$i" >>"${docs[$i]}"
  changed=$((changed + 1))
done
echo "== changed $changed of ${#docs[@]} documents"

one_doc="${docs[1]}"
one_dir="$work/one/$(dirname "${one_doc#"$work/in/"}")"
mkdir -p "$one_dir"
cp "$one_doc" "$one_dir/"
[[ -f "$(dirname "$one_doc")/metadata.json" ]] && cp "$(dirname "$one_doc")/metadata.json" "$one_dir/"
[[ -f "$(dirname "$(dirname "$one_doc")")/metadata.json" ]] \
  && cp "$(dirname "$(dirname "$one_doc")")/metadata.json" "$(dirname "$one_dir")/"

full=(); inc=(); one=()
for ((k = 1; k <= runs; k++)); do
  full+=("$(run "full$k" --input="$work/in" --output="$work/full$k")")
  inc+=("$(run "inc$k" --input="$work/in" --output="$work/inc$k" --previous="$work/prev")")
  one+=("$(run "one$k" --input="$work/one" --output="$work/one-out$k")")
  echo "round $k: full ${full[-1]}s, incremental ${inc[-1]}s, one document ${one[-1]}s"
done
fm=$(printf '%s\n' "${full[@]}" | median)
im=$(printf '%s\n' "${inc[@]}" | median)
om=$(printf '%s\n' "${one[@]}" | median)
echo "== median full ${fm}s, median incremental ${im}s, ratio $(echo "scale=3; $im / $fm" | bc)"
echo "== floor: median one-document run ${om}s, $(echo "scale=3; $om / $fm" | bc) of the full run"
python3 - "$work/inc1/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print("incremental manifest:", json.dumps(m["incremental"]), "timings:", json.dumps(m["timings"]))
PY

status=0
for dir in "$work"/full1/jsonl/*/; do
  table="$(basename "$dir")"
  [[ "$table" == changes || "$table" == drift ]] && continue
  if ! cmp -s <(cat "$work/full1/jsonl/$table"/*.jsonl | sort) \
      <(cat "$work/inc1/jsonl/$table"/*.jsonl | sort); then
    echo "DIFFERENT: $table"; status=1
  fi
done
python3 - "$work/full1/manifest.json" "$work/inc1/manifest.json" <<'PY' || status=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
keys = ["input_count", "outcomes", "failures", "findings", "error_findings", "rules", "near_duplicates"]
diff = [k for k in keys if a.get(k) != b.get(k)]
print("manifest counts:", "equal" if not diff else "DIFFERENT " + ", ".join(diff))
sys.exit(1 if diff else 0)
PY
[[ $status == 0 ]] && echo "== tables identical to the fresh full run (changes, drift excluded)"
exit $status
