#!/usr/bin/env bash
# The whole CICDOR Douban study (issue 10) on one GPU machine, in one script.
#
# Inputs (< 64 MiB together): the Douban files (douban_gadtcdr_ratings/, about 2.8 MB) under $DATA and the users'
# side-information file $OUT/user_side.npz (about 7 MB), which needs the MiniLM wheel and is therefore written
# beforehand on a CPU machine:
#     causalrec cicdor-benchmark prepare --out runs/cicdor
# The GPU machine needs the package's Python dependencies (torch, lightning, pandas, scipy, fastcore) but no
# network and no language model.
#
# What it runs: 4 settings (Music->Book, Book->Music x degree, Beijing region) x 5 seeds; LightGCN, CDCOR, CICDOR
# (best), CICDOR (faithful), and the ablations of best on Music->Book degree; every model tuned with the same 9 draws of the training choices
# (lr, L2 form and weight, layers, negatives: `--tune-space training`, the search that decided the CPU study's ranking;
# extra options come after it, so `--tune-space None` restores the paper's (lr, k) draws) on seed 0's validation set; a 100-epoch budget (CICDOR 60 + 40), early stopping after 10 checks; then the report
# (mean +- std tables, seed-paired differences with 95% intervals and paired t-tests) in $OUT/report.txt.
#
# usage: DATA=shared/data OUT=runs/cicdor bash benchmarks/cicdor_study_gpu.sh [extra cicdor-benchmark options]
set -euo pipefail
DATA=${DATA:-shared/data}
OUT=${OUT:-runs/cicdor}
export CAUSALREC_PROGRESS=0 HF_HUB_OFFLINE=1 PYTHONPATH=${PYTHONPATH:-.}
test -f "$OUT/user_side.npz" || { echo "missing $OUT/user_side.npz: run 'causalrec cicdor-benchmark prepare --out $OUT' on a CPU machine first" >&2; exit 2; }
run() { python -c "import sys; from causalrec.cli import main; sys.exit(main(sys.argv[1:]))" cicdor-benchmark "$@"; }
run run --accelerator gpu --data-dir "$DATA" --out "$OUT" --seeds 5 --tune-trials 9 --tune-space training --max-epochs 100 --patience 10 "${@}"
run report --out "$OUT" "${@}"
