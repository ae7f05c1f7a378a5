"""The HTML report: ``page`` builds it, ``charts`` draws the time series, ``assets`` holds the
style sheet and the filter script, ``escape`` keeps document text text."""

from .page import render_report, write_report

__all__ = ["render_report", "write_report"]
