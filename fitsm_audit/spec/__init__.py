"""The workbook contract and the FitSM-1 requirement catalogue: data (in fitsm_audit/data) and their loaders."""
