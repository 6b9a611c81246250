"""titlesearch: map messy job-posting titles to O*NET-SOC occupations and search them by meaning."""

import os

# titlesearch runs offline: litellm would otherwise fetch its model price list from GitHub
# when imported (and wait on the network where there is none); its bundled copy is enough.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

__version__ = "0.1.0"
