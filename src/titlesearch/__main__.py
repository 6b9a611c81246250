"""``python -m titlesearch``: the same as the ``titlesearch`` command."""

import sys

from titlesearch.cli import main

sys.exit(main())
