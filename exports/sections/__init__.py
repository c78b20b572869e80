"""One builder per section of the design document, grouped by subject; exports/story.py lists
them in document order."""
