import sys

from coaching.cli import main

sys.exit(main())
