"""Shared basics every stage uses: errors and exit codes, dates, findings, packaged resources, safe output, file kinds."""
