#!/usr/bin/env bash
# The MCLMR study, one dataset after another: both base models alone and wrapped by MCLMR, the three ablations around
# each base, the auxiliary-BPR control, and on Tmall ACMBR's form of the adjustment and the exact auxiliary views (see
# the model lists below); the learning rate chosen per model from LRS on the first seed's validation NDCG@10, then
# SEEDS seeds; released test, long-tail test and POP_BINS item-popularity bins of the test. Every dataset also runs
# MCLMR with zero-initialised experts (`mclmr_moezero_*`, moe_init='zero'; around both bases on Tmall).
# Every fit is saved as it finishes: rerunning the same command resumes (the run folders are OUT/<dataset>), and a
# run folder may gain models (only their fits are new).
#
# usage: [OUT=runs/mclmr_study] [USERS=1500] [SEEDS=5] [EPOCHS=20] [PATIENCE=3] [LRS=0.005,0.02] [BATCH=2048]
#        [DATASETS="tmall taobao beibei"] [MODELS=...] [ACCEL=cpu] [THREADS=1] bash benchmarks/mclmr_study.sh
# Then every saved fit is scored on the test buys grouped by what the user had touched in training (OUT/<dataset>/
# seen_groups.csv, causalrec.mclmr.study.group_metrics; SEEN=0 skips it). MODELS, when set, replaces every dataset's list below. USERS=none uses every user. Beibei and Taobao hold cart and
# buy only (their view files were not released with the data), so they run as two-behaviour sets.
set -euo pipefail
OUT=${OUT:-runs/mclmr_study}; USERS=${USERS:-1500}; SEEDS=${SEEDS:-5}; EPOCHS=${EPOCHS:-20}; PATIENCE=${PATIENCE:-3}
LRS=${LRS:-0.005,0.02}; BATCH=${BATCH:-2048}; DATASETS=${DATASETS:-tmall taobao beibei}; ACCEL=${ACCEL:-cpu}; THREADS=${THREADS:-1}
BUYONLY=lightgcn,mclmr_auxonly_lightgcn,mclmr_lightgcn
MB=mb_lightgcn,mclmr_mb_lightgcn,mclmr_nodeconf_mb_lightgcn,mclmr_nomoe_mb_lightgcn,mclmr_nocl_mb_lightgcn
declare -A LIST=(
  [tmall]=$BUYONLY,mclmr_nodeconf_lightgcn,mclmr_nomoe_lightgcn,mclmr_nocl_lightgcn,mclmr_exact_lightgcn,$MB,mclmr_acmbr_mb_lightgcn,mclmr_moezero_lightgcn,mclmr_moezero_mb_lightgcn
  [taobao]=$BUYONLY,$MB,mclmr_moezero_mb_lightgcn
  [beibei]=$BUYONLY,$MB,mclmr_moezero_mb_lightgcn
)
export CAUSALREC_PROGRESS=${CAUSALREC_PROGRESS:-0}
mkdir -p "$OUT"
for ds in $DATASETS; do
  models=${MODELS:-${LIST[$ds]:-$BUYONLY,$MB}}
  causalrec mclmr run --dataset "$ds" --models "$models" --seeds "$SEEDS" --max-epochs "$EPOCHS" \
    --patience "$PATIENCE" --lrs "$LRS" --batch-size "$BATCH" --max-users "$USERS" --accelerator "$ACCEL" --threads "$THREADS" \
    --out "$OUT" --name "$ds" --resume | tee -a "$OUT/$ds.log"
  if [ "${SEEN:-1}" = 1 ] && [ ! "$OUT/$ds/seen_groups.csv" -nt "$OUT/$ds/metrics.csv" ]; then
    python - "$OUT/$ds" "$models" "$THREADS" <<'EOF'
import sys, torch
from causalrec.mclmr.study import group_metrics
torch.set_num_threads(int(sys.argv[3]))
group_metrics(sys.argv[1], sys.argv[2].split(',')).to_csv(f'{sys.argv[1]}/seen_groups.csv', index=False)
EOF
  fi
done
