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
#
# DRY=1 runs the same commands on the CPU at a toy size (one setting, one seed, three tuning draws, two epochs, one
# ablation), preparing the side information first if it is missing, to check the script end to end in a few minutes:
#     DRY=1 DATA=../shared/data OUT=runs/cicdor-dry bash benchmarks/cicdor_study_gpu.sh
set -euo pipefail
DATA=${DATA:-shared/data}
OUT=${OUT:-runs/cicdor}
export CAUSALREC_PROGRESS=0 HF_HUB_OFFLINE=1 PYTHONPATH=${PYTHONPATH:-.}
run() { python -c "import sys; from causalrec.cli import main; sys.exit(main(sys.argv[1:]))" cicdor-benchmark "$@"; }
if [ "${DRY:-0}" = 1 ]; then
  test -f "$OUT/user_side.npz" || run prepare --data-dir "$DATA" --out "$OUT"
  SIZE=(--accelerator cpu --threads 2 --seeds 1 --tune-trials 3 --max-epochs 2 --patience 1 --settings music:book:degree
        --ablations cicdor_wo_dual)
else
  test -f "$OUT/user_side.npz" || { echo "missing $OUT/user_side.npz: run 'causalrec cicdor-benchmark prepare --out $OUT' on a CPU machine first" >&2; exit 2; }
  SIZE=(--accelerator gpu --seeds 5 --tune-trials 9 --max-epochs 100 --patience 10)
fi
run run --data-dir "$DATA" --out "$OUT" --tune-space training "${SIZE[@]}" "${@}"
run report --out "$OUT" "${SIZE[@]}" "${@}"
