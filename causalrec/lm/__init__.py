"The language-model engine: preference losses, generative-recommendation data, backbones, SFT/DPO training, evaluation, benchmark."
