"""Ingestion: reading files, parsing deliberations, chunking, embedding, storage."""
