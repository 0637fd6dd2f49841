"""`python -m tianxin_report` runs the command-line interface."""

from tianxin_report.cli import run

run()
