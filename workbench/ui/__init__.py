"""The desktop workbench (PySide6). Qt is imported only in this package."""
