"""extract: an indicator harvester for Dutch municipal social-domain reports."""

__version__ = "0.1.0"
