"""Layout numbers of the canvas: the grid, node size, where new things go, what-if opacities.

One place for the numbers the window, the editor and the scene share, so that a node dropped
by the palette, one inserted by Ctrl+K and one moved by the context menu land alike. Node
size and the auto-layout spacings are the model's (``workbench.model.autolayout`` lays out
without Qt and must agree with what is drawn); they are re-exported here. No Qt.
"""

from __future__ import annotations

from ..model.autolayout import GAP, HEADER, NODE_H, NODE_W, PAD

__all__ = [
    "DEAD_LINK_OPACITY", "DEGRADED_OPACITY", "FIRST_LEFT", "FULL_OPACITY", "GAP", "GRID",
    "HEADER", "INSERT_DX", "INSERT_DY", "LOST_OPACITY", "NODE_H", "NODE_W", "PAD",
    "PASTE_OFFSET", "REGION_GAP", "REGION_H", "REGION_TOP", "SITE_STEP", "SITE_TOP",
    "ZONE_DX", "ZONE_DY", "ZONE_GAP", "ZONE_H", "ZONE_W", "node_centre", "node_origin",
    "snap",
]

GRID = 10.0  # nodes and new elements snap to it (README: "Nodes snap to a 10 px grid")


def snap(value: float) -> float:
    """``value`` on the canvas grid."""
    return round(value / GRID) * GRID


# a component inserted into a zone, region or site (Ctrl+K, palette double-click, Move to)
# goes below what the container holds, this far in from its left edge
INSERT_DX = 24.0
INSERT_DY = 10.0

# pasted and duplicated components appear this far right and down of their originals
PASTE_OFFSET = 40.0

# a region added from the catalog: right of what is drawn, its zones in a row of columns
FIRST_LEFT = 20.0  # on an empty canvas
REGION_GAP = 60.0  # from the right edge of what is drawn
REGION_TOP = 260.0
REGION_H = 220.0
ZONE_W = 230.0
ZONE_H = 150.0
ZONE_GAP = 20.0
ZONE_DX, ZONE_DY = 20.0, 30.0  # the first zone inside its region

# a new site: right of the right-most site, in the row of sites at the top
SITE_STEP = 210.0
SITE_TOP = 20.0

# what-if painting: what a failure scenario loses is greyed out
LOST_OPACITY = 0.22  # every instance of a component lost
DEGRADED_OPACITY = 0.6  # some of its instances lost
DEAD_LINK_OPACITY = 0.25  # a link with a lost end
FULL_OPACITY = 1.0


def node_centre(x: float, y: float) -> tuple[float, float]:
    """The centre of a node whose top-left corner is at (x, y)."""
    return x + NODE_W / 2, y + NODE_H / 2


def node_origin(x: float, y: float) -> tuple[float, float]:
    """The top-left corner of a node centred at (x, y) (a drop puts the node under the
    pointer)."""
    return x - NODE_W / 2, y - NODE_H / 2
