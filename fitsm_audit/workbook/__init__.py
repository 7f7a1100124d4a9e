"""The workbook stage: screen the file, read cells with their addresses, type, clean, validate and cross-check them into findings and records."""
