"""Allow ``python -m srmatch``."""

from srmatch.cli import main

raise SystemExit(main())
