#!/usr/bin/env bash
# One sitting of the side-by-side benchmark (docs/performance.md): this suite's WRN-28-2 and TwoMoon
# cases on MXNet (float32 and bf16) and on DJL's PyTorch engine, then the PyTorch MPL code's steps
# (tools/pytorch_mpl_step.py, Debian's python3-torch) with glibc's allocator and with tcmalloc.
# Rows are appended to results/bench/<machine>.csv and results/bench/<machine>-pytorch.csv.
# Run it on a quiet machine: every row records the CPU other processes used meanwhile (suite rows),
# and timings are compared only within one sitting.
#
#   apt-get install python3-torch libtcmalloc-minimal4
#   tools/side-by-side.sh                 # all cases
#   tools/side-by-side.sh mpl-8mu2        # some of them (the suite's case names)
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-wrn-supervised-b64,mpl-8mu2,mpl-16mu7,twomoon-mpl}"
python=/usr/bin/python3
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
"$python" -c 'import torch' 2>/dev/null || { echo "needs Debian's PyTorch: apt-get install python3-torch" >&2; exit 2; }
[ -e "$tcmalloc" ] || { echo "needs tcmalloc: apt-get install libtcmalloc-minimal4" >&2; exit 2; }

bf16=""
for c in ${cases//,/ }; do
  case "$c" in wrn-*|mpl-*) bf16="$bf16,$c-bf16" ;; esac
done
# whatever engine was installed last, the MXNet build is restored on every exit path
trap 'mvn -q install -DskipTests >/dev/null' EXIT

mvn -q install -DskipTests
mvn -q -pl mpl-experiments exec:java -Dbench="$cases$bf16"
mvn -q install -DskipTests -Dengine=pytorch
mvn -q -pl mpl-experiments exec:java -Dengine=pytorch -Dbench="$cases"
"$python" tools/pytorch_mpl_step.py --case "$cases" --header --append
LD_PRELOAD="$tcmalloc" "$python" tools/pytorch_mpl_step.py --case "$cases" --append
