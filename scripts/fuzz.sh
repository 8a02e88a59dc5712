#!/usr/bin/env bash
# Fuzzes the decoder, parser and extractor with Jazzer (ExtractorFuzzTest) for a while.
# Usage: scripts/fuzz.sh [DURATION]   e.g. scripts/fuzz.sh 30m   (default 2m; "" = no limit)
# Needs the test classes: run `mvn -B verify` (or `mvn test-compile`) first.
# A finding fails the run; Jazzer writes its input into
# pipeline/src/test/resources/io/modelfailures/pipeline/ExtractorFuzzTestInputs/, where it stays as
# a regression test once committed. The generated corpus goes to pipeline/.cifuzz-corpus/ (ignored).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
duration="${1-2m}"
JAZZER_FUZZ=1 mvn -B -o -pl pipeline surefire:test \
  -Dtest=ExtractorFuzzTest \
  -Djazzer.max_duration="$duration" \
  -Djazzer.instrument='io.modelfailures.**,org.commonmark.**'
