"""Training data and training: synthetic jittered titles (rules or an LLM), splits, triplets, LoRA.

Submodules are imported where needed; importing this package does no work.
"""
