"""Question answering over the index: retrieval, answers, citations, conversation, CLI."""
