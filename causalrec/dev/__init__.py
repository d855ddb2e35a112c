"Developer tools: README and the documentation site rendered from the notebooks."
