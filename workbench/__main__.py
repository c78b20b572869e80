"""``python -m workbench`` is the ``ehrwb`` command."""

import sys

from .cli import main

sys.exit(main())
