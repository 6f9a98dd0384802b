"""A plugin whose import fails: it needs a package that is not installed."""

import rusmodel_nonexistent_dependency  # noqa: F401
