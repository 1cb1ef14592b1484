"""Charts: pure functions from DataFrame to plotly Figure, all dressed by one theme (theme.py)."""
