"""``python -m fitsm_audit`` runs the command line."""

from fitsm_audit.cli import main

main()
