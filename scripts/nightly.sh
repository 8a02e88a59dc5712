#!/usr/bin/env bash
# Nightly rebuild: incremental against the last published output, the default gate, atomic
# publish (the pipeline's own lock refuses a second run on the same output), and a short summary.
# Usage: scripts/nightly.sh INPUT OUT [extra pipeline options]
# Exit status: the pipeline's (README: Exit statuses); 0 and 3 both published a new OUT.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 2 ]]; then
  echo "usage: $0 INPUT OUT [pipeline options]" >&2
  exit 2
fi
input="$1"; out="$2"; shift 2
args=(--input="$input" --output="$out" --gate="$here/nightly-gate.json")
# The last good output is the one in place: a failed or killed run never replaces it.
if [[ -f "$out/manifest.json" ]]; then
  args+=(--previous="$out")
fi
echo "== $(date -u +%FT%TZ) nightly: ${args[*]} $*"
"$here/run.sh" "${args[@]}" "$@"
status=$?
summary() {
  python3 - "$out/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
inc = m.get("incremental") or {}
print("documents %s, failures %s, findings %s, outcomes %s" % (
    m["input_count"], m["failures"], m["findings"], m["outcomes"]))
if inc:
    print("incremental: reused %(reused)s, parsed %(parsed)s; added %(added)s, removed %(removed)s,"
          " modified %(modified)s, unchanged %(unchanged)s" % inc)
d = m.get("drift", {})
print("drift breaches: %s %s" % (d.get("breaches"), ", ".join(d.get("breached", []))))
g = m.get("gate")
if g:
    failed = [c["threshold"] for c in g["checks"] if not c["passed"]]
    print("gate: %s" % ("passed" if g["passed"] else "FAILED " + ", ".join(failed)))
print("near-duplicate groups: %s" % m.get("near_duplicates", {}).get("groups"))
PY
}
case $status in
  0) echo "== published $out"; summary ;;
  3) echo "== published $out, but the gate FAILED"; summary ;;
  5) echo "== skipped: another run holds the lock on $out" ;;
  *) echo "== FAILED with status $status; the previous $out is unchanged" ;;
esac
exit $status
