#!/usr/bin/env bash
# The whole MCLMR study on one GPU, every user of Tmall, Beibei and Taobao: the study script's models plus the
# ablations around the buy-only LightGCN, the ACMBR-style alternative and the exact auxiliary views, 5 seeds, a wider learning-rate grid and
# longer training; then the per-epoch cost on Tmall on the GPU and on 2 CPU threads.
#
# usage: CAUSALREC_DATA=/path/to/data bash benchmarks/mclmr_gpu_study.sh [OUT=runs/mclmr_gpu] [SEEDS=5] [EPOCHS=200]
# Needs: the causalrec package installed (pip install -e .), the data folders tmall_multibehavior_mbcgcn and
# beibei_taobao_ghcf_partial under $CAUSALREC_DATA. Each dataset's run folder holds metrics.csv, tuning.csv,
# comparisons.csv (seed-paired differences with intervals) and summary.txt; rerunning resumes.
#
# DRY=1 runs the same commands on the CPU at a toy size (every model on 300 Tmall users, one seed, one epoch, one
# learning rate; the cost step 3 steps per contender) to check the script end to end in a few minutes:
#     DRY=1 CAUSALREC_DATA=../shared/data bash benchmarks/mclmr_gpu_study.sh
set -euo pipefail
if [ "${DRY:-0}" = 1 ]; then
  export OUT=${OUT:-runs/mclmr_gpu_dry} SEEDS=1 EPOCHS=1 PATIENCE=1 USERS=300 LRS=0.005 BATCH=2048 ACCEL=cpu THREADS=2
  export DATASETS=${DATASETS:-tmall}
  COST=(--repeats 1 --warmup 1 --max-steps 3)
else
  export OUT=${OUT:-runs/mclmr_gpu} SEEDS=${SEEDS:-5} EPOCHS=${EPOCHS:-200} PATIENCE=${PATIENCE:-10}
  export USERS=none LRS=${LRS:-0.0005,0.001,0.002,0.005} BATCH=${BATCH:-2048} ACCEL=gpu THREADS=${THREADS:-4}
  COST=(--repeats 3)
fi
MB="mb_lightgcn,mclmr_mb_lightgcn,mclmr_nodeconf_mb_lightgcn,mclmr_nomoe_mb_lightgcn,mclmr_nocl_mb_lightgcn,mclmr_acmbr_mb_lightgcn,mclmr_auxonly_mb_lightgcn"
LG="lightgcn,mclmr_lightgcn,mclmr_nodeconf_lightgcn,mclmr_nomoe_lightgcn,mclmr_nocl_lightgcn,mclmr_acmbr_lightgcn,mclmr_exact_lightgcn,mclmr_auxonly_lightgcn"
export MODELS="$LG,$MB"
bash "$(dirname "$0")/mclmr_study.sh"
[ "${DRY:-0}" = 1 ] || python benchmarks/mclmr_cost.py --dataset tmall --device cuda "${COST[@]}" --threads 4 --out "$OUT/cost-tmall-gpu"
python benchmarks/mclmr_cost.py --dataset tmall --device cpu "${COST[@]}" --threads 2 --out "$OUT/cost-tmall-cpu2"
