#!/usr/bin/env bash
# The whole MCLMR study on one GPU: every base model alone and wrapped by MCLMR (with its three ablations and the
# ACMBR-style alternative) on Tmall, Beibei and Taobao, 5 seeds each, then the per-epoch cost on Tmall.
#
# usage: CAUSALREC_DATA=/path/to/data bash benchmarks/mclmr_gpu_study.sh [OUT=runs/mclmr_gpu] [SEEDS=5] [EPOCHS=200]
# Needs: the causalrec package installed (pip install -e .), the data folders tmall_multibehavior_mbcgcn and
# beibei_taobao_ghcf_partial under $CAUSALREC_DATA. Each run writes a run folder with metrics.csv,
# comparisons.csv (seed-paired differences with intervals) and summary.txt.
set -euo pipefail
OUT=${OUT:-runs/mclmr_gpu}; SEEDS=${SEEDS:-5}; EPOCHS=${EPOCHS:-200}; PATIENCE=${PATIENCE:-10}
export CAUSALREC_PROGRESS=${CAUSALREC_PROGRESS:-0}
mkdir -p "$OUT"
for ds in tmall beibei taobao; do
  for base in lightgcn mb_lightgcn; do
    models="$base,mclmr_$base,mclmr_nodeconf_$base,mclmr_nomoe_$base,mclmr_nocl_$base,mclmr_acmbr_$base"
    causalrec mclmr run --dataset "$ds" --models "$models" --seeds "$SEEDS" --max-epochs "$EPOCHS" --patience "$PATIENCE" \
      --accelerator gpu --threads 4 --out "$OUT" --name "$ds-$base" | tee "$OUT/$ds-$base.log"
  done
done
python benchmarks/mclmr_cost.py --dataset tmall --device cuda --repeats 3 --threads 4 --out "$OUT/cost-tmall-gpu"
python benchmarks/mclmr_cost.py --dataset tmall --device cpu --repeats 3 --threads 2 --out "$OUT/cost-tmall-cpu2"
