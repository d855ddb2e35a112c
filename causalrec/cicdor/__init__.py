"CICDOR: cross-domain out-of-distribution recommendation with dual-level causal structures and deconfounding."
