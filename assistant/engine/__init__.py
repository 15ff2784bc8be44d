"""The answer engine: filters, retrieval, the extractive reader, evidence, follow-ups, the LLM."""
