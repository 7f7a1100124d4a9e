"""``python -m fitsm_audit.template --rebuild`` regenerates workbook_templates/ and docs/columns.md."""

import sys

from fitsm_audit.template.build import main

sys.exit(main())
