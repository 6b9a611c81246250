"""Synthetic training data: posting-style variants of clean O*NET titles, by rules or an LLM."""
