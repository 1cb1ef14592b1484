"""Funkstille: coaching for small sales teams that meet silence (the domain, free of Streamlit)."""
