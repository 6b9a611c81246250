"""titlesearch: map messy job-posting titles to O*NET-SOC occupations and search them by meaning."""

__version__ = "0.1.0"
