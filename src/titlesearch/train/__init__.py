"""Training on synthetic titles (made by :mod:`titlesearch.synth`): splits, triplets, LoRA, tuning.

Submodules are imported where needed; importing this package does no work.
"""
