"""``python -m tools.benchmark [ARGS]``: ``make bench`` (see :mod:`tools.benchmark.cli`)."""

import sys

from tools.benchmark.cli import main

if __name__ == "__main__":
    sys.exit(main())
