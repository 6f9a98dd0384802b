"""``python -m rusmodel``: the same as the ``rusmodel`` command."""

from rusmodel.cli import main

raise SystemExit(main())
