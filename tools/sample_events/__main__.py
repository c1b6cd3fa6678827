"""``python -m tools.sample_events``: run the command line of the sample-event generator."""

from tools.sample_events.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
