"""Gradio web app (arrives with the UI issue)."""
