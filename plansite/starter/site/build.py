#!/usr/bin/env python3
"""Build the site: `python build.py [build|serve|check|new-plan|diff] --help`."""

import sys

from plansite.cli import main

if __name__ == "__main__":
    sys.exit(main())
