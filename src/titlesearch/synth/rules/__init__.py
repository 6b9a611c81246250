"""Offline rule backend: posting-style variants from word lists and sibling O*NET titles."""
