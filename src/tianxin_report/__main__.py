"""`python -m tianxin_report` runs the command-line interface."""

import sys

from tianxin_report.cli import main

sys.exit(main())
