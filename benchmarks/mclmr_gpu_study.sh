#!/usr/bin/env bash
# The whole MCLMR study on one GPU, every user of Tmall, Beibei and Taobao: the study script's models plus the
# ablations around the buy-only LightGCN, the ACMBR-style alternative and the exact auxiliary views, 5 seeds, a wider learning-rate grid and
# longer training; then the per-epoch cost on Tmall on the GPU and on 2 CPU threads.
#
# usage: CAUSALREC_DATA=/path/to/data bash benchmarks/mclmr_gpu_study.sh [OUT=runs/mclmr_gpu] [SEEDS=5] [EPOCHS=200]
# Needs: the causalrec package installed (pip install -e .), the data folders tmall_multibehavior_mbcgcn and
# beibei_taobao_ghcf_partial under $CAUSALREC_DATA. Each dataset's run folder holds metrics.csv, tuning.csv,
# comparisons.csv (seed-paired differences with intervals) and summary.txt; rerunning resumes.
set -euo pipefail
export OUT=${OUT:-runs/mclmr_gpu} SEEDS=${SEEDS:-5} EPOCHS=${EPOCHS:-200} PATIENCE=${PATIENCE:-10}
export USERS=none LRS=${LRS:-0.0005,0.001,0.002,0.005} BATCH=${BATCH:-2048} ACCEL=gpu THREADS=${THREADS:-4}
MB="mb_lightgcn,mclmr_mb_lightgcn,mclmr_nodeconf_mb_lightgcn,mclmr_nomoe_mb_lightgcn,mclmr_nocl_mb_lightgcn,mclmr_acmbr_mb_lightgcn,mclmr_auxonly_mb_lightgcn"
LG="lightgcn,mclmr_lightgcn,mclmr_nodeconf_lightgcn,mclmr_nomoe_lightgcn,mclmr_nocl_lightgcn,mclmr_acmbr_lightgcn,mclmr_exact_lightgcn,mclmr_auxonly_lightgcn"
export MODELS="$LG,$MB"
bash "$(dirname "$0")/mclmr_study.sh"
python benchmarks/mclmr_cost.py --dataset tmall --device cuda --repeats 3 --threads 4 --out "$OUT/cost-tmall-gpu"
python benchmarks/mclmr_cost.py --dataset tmall --device cpu --repeats 3 --threads 2 --out "$OUT/cost-tmall-cpu2"
