"Language-model services: sentence embeddings and the OpenAI-compatible client with a managed local server."
