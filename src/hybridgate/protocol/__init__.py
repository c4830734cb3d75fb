"""Wire protocols (OpenAI, Anthropic) and the provider-neutral canonical form between them."""
