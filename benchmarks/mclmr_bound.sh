#!/usr/bin/env bash
# MCLMR with a bounded mixture of experts (`mclmr_moebound_mb_lightgcn`, moe_bound=ρ) on the two-behaviour sets, one
# run folder per dataset and ρ (OUT/<dataset>-rho<ρ>), the study's sample, cap, patience, batch and seeds. The budget
# is the other variants' two validation trials on seed 0: here the two values of ρ at the learning rate every MCLMR
# variant chose on these sets (LR=0.02); ρ is then chosen per dataset on seed-0 validation NDCG@10 (report notebook).
# The comparison partners (MCLMR, MCLMR without the experts, MB-LightGCN; seeded) are the clean rerun's folders:
#   OUT=runs/mclmr_clean DATASETS="taobao beibei" MODELS=mb_lightgcn,mclmr_mb_lightgcn,mclmr_nomoe_mb_lightgcn SEEN=0 bash benchmarks/mclmr_study.sh
# Resumable: rerun the same command to continue.
#
# usage: [OUT=runs/mclmr_bound] [RHOS="0.1 0.3"] [LR=0.02] [DATASETS="taobao beibei"] [USERS=1500] [SEEDS=5] [EPOCHS=20]
#        [PATIENCE=3] [BATCH=2048] [ACCEL=cpu] [THREADS=1] bash benchmarks/mclmr_bound.sh
set -euo pipefail
OUT=${OUT:-runs/mclmr_bound}; RHOS=${RHOS:-0.1 0.3}; LR=${LR:-0.02}; DATASETS=${DATASETS:-taobao beibei}; USERS=${USERS:-1500}
SEEDS=${SEEDS:-5}; EPOCHS=${EPOCHS:-20}; PATIENCE=${PATIENCE:-3}; BATCH=${BATCH:-2048}; ACCEL=${ACCEL:-cpu}; THREADS=${THREADS:-1}
M=mclmr_moebound_mb_lightgcn
export CAUSALREC_PROGRESS=${CAUSALREC_PROGRESS:-0}
mkdir -p "$OUT"
for ds in $DATASETS; do
  for rho in $RHOS; do
    causalrec mclmr run --dataset "$ds" --models $M --model-options "$M.moe_bound=$rho" --seeds "$SEEDS" --max-epochs "$EPOCHS" \
      --patience "$PATIENCE" --lrs "$LR" --batch-size "$BATCH" --max-users "$USERS" --accelerator "$ACCEL" --threads "$THREADS" \
      --out "$OUT" --name "$ds-rho$rho" --resume | tee -a "$OUT/$ds-rho$rho.log"
  done
done
