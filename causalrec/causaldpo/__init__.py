"CausalDPO: DPO with latent environments, backdoor adjustment and MMD invariance for generative recommendation."
