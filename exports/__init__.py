"""Exports of a design and its analysis (the PDF design document arrives with its issue)."""
