"""Bundled assets (samples, later icons and the stylesheet), installed as ``workbench.assets``."""
