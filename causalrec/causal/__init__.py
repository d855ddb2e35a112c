"Causal tools shared by the systems: LLM-guided confounder discovery (CI tests, FCI, Markov blanket) and NOTEARS graphs."
