"""Training data: tidy and split the synthetic rows (:mod:`.split`), build triplets with mined
negatives (:mod:`.triplets`), and both plus the validation set under one config (:mod:`.prepared`).

Submodules are imported where needed; importing this package does no work.
"""
