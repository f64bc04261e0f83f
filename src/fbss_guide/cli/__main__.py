"""`python -m fbss_guide.cli`: the same as the fbss-guide command."""

import sys

from fbss_guide.cli import main

sys.exit(main())
