#!/usr/bin/env bash
# The project's test command: unit tests, integration tests (*IT), formatting check, two minutes
# of fuzzing, and the extraction-accuracy floors on ../shared/gold/dev when that folder is present.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B verify
# Bounded fuzzing of the decoder, parser and extractor (regression mode ran inside verify).
echo "== fuzzing ExtractorFuzzTest for 2 minutes"
scripts/fuzz.sh 2m
gold="$root/../shared/gold/dev"
if [[ -d "$gold" ]]; then
  echo "== extraction accuracy on $gold"
  scripts/eval.sh "$gold" --floors scripts/eval-floors.json
else
  echo "== $gold absent: accuracy floors not checked"
fi
