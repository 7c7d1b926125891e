"""`python -m macros`: the catalogue's command line."""

import sys

from .cli import main

sys.exit(main())
