"""The analysis layer: numbers that remember their cells, every figure, the claims ledger, formatting."""
