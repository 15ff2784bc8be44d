"""Evaluation: gold files, parser accuracy, question sets and metrics."""
