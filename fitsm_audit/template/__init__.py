"""The blank standard workbooks behind `init`, and the column reference, all derived from the contract."""
