"""The topology as a vector drawing, from the same layout as the canvas: regions and zones as
frames, components as boxes (dedicated: solid double border and a filled mark; shared: dashed
border and an open mark, readable in grayscale), links by line pattern, and a legend."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, Shape, String
from reportlab.lib import colors

from catalogs import Catalog
from workbench.model.autolayout import NODE_H, NODE_W, auto_layout, column_of
from workbench.model.design import Component, Design, Position, Site

LINK_DASH = {"client": None, "ecp": None, "mirror-sync": None, "mirror-async": (6, 3),
             "extract": (1, 2), "backup": (6, 2, 1, 2), "replication": (6, 2, 1, 2, 1, 2),
             "admin": (1, 3)}
LINK_WIDTH = {"ecp": 2.4, "mirror-sync": 2.0, "mirror-async": 1.6}
TIER_GREY = {"database": 0.25, "application": 0.45, "presentation": 0.6, "network": 0.7}
Box = tuple[float, float, float, float]  # left, top, right, bottom on the canvas


def _positions(design: Design, catalog: Catalog) -> dict[str, Position]:
    known = dict(design.layout.positions)
    auto = auto_layout(design, catalog)
    for key, pos in auto.items():
        known.setdefault(key, pos)
    return known


def _frames(design: Design, pos: dict[str, Position]) -> dict[str, Box]:
    """Container rectangles grown to hold their members (as on the canvas)."""
    members: dict[str, list[tuple[float, float]]] = {}
    for comp in design.components:
        p = pos.get(comp.id)
        col = column_of(comp)
        if p is None:
            continue
        for key in filter(None, {col, comp.placement.region}):
            members.setdefault(key, []).append((p.x, p.y))
    out = {}
    for region in design.placement.regions:
        zone_rects = []
        for zone in region.zones:
            r = _grow(pos.get(zone.id), members.get(zone.id, []))
            out[zone.id] = r
            zone_rects.append(r)
        r = _grow(pos.get(region.id), members.get(region.id, []))
        for z in zone_rects:
            r = (min(r[0], z[0] - 16), min(r[1], z[1] - 28), max(r[2], z[2] + 16),
                 max(r[3], z[3] + 16))
        out[region.id] = r
    return out


def _grow(p: Position | None, points: list[tuple[float, float]]) -> Box:
    x0, y0, x1, y1 = (p.x, p.y, p.x + (p.w or NODE_W + 40), p.y + (p.h or NODE_H + 60)) \
        if p else (0.0, 0.0, 0.0, 0.0)
    for x, y in points:
        if p is None and (x0, y0, x1, y1) == (0.0, 0.0, 0.0, 0.0):
            x0, y0, x1, y1 = x - 20, y - 36, x + NODE_W + 20, y + NODE_H + 20
        x0, y0 = min(x0, x - 20), min(y0, y - 36)
        x1, y1 = max(x1, x + NODE_W + 20), max(y1, y + NODE_H + 20)
    return x0, y0, x1, y1


@dataclass(frozen=True)
class _View:
    """Where the canvas's coordinates land on the drawing: shifted to the top left, scaled to
    fit, and flipped (the canvas grows down, PDF up)."""

    left: float
    top: float
    scale: float
    height: float

    def x(self, x: float) -> float:
        return (x - self.left) * self.scale

    def y(self, y: float) -> float:
        return self.height - (y - self.top) * self.scale


def topology_drawing(design: Design, catalog: Catalog, width: float, max_height: float) -> Drawing:
    """The topology fitted into ``width`` x ``max_height``: frames, then links, then sites and
    components on top."""
    pos = _positions(design, catalog)
    frames = _frames(design, pos)
    view = _fit(pos, frames, width, max_height)
    drawing = Drawing(width, view.height)
    drawing.add(Group(*_frame_shapes(design, frames, view),
                      *_link_shapes(design, catalog, pos, view),
                      *_node_shapes(design, catalog, pos, view)))
    return drawing


def _fit(pos: dict[str, Position], frames: dict[str, Box], width: float,
         max_height: float) -> _View:
    """The view that shows every node and frame, 10 units of margin around, within the box."""
    xs = [p.x for p in pos.values()] + [f[0] for f in frames.values()]
    ys = [p.y for p in pos.values()] + [f[1] for f in frames.values()]
    xe = [p.x + NODE_W for p in pos.values()] + [f[2] for f in frames.values()]
    ye = [p.y + NODE_H for p in pos.values()] + [f[3] for f in frames.values()]
    left, top = min(xs, default=0) - 10, min(ys, default=0) - 10
    right, bottom = max(xe, default=100) + 10, max(ye, default=100) + 10
    scale = min(width / (right - left), max_height / (bottom - top))
    return _View(left, top, scale, (bottom - top) * scale)


def _frame_shapes(design: Design, frames: dict[str, Box], view: _View) -> list[Shape]:
    """Regions (filled, solid) then zones (white, dashed), each with its title."""
    regions = design.placement.regions
    titles = {r.id: f"{r.name or r.id} ({r.catalog_region})" for r in regions}
    for r in regions:
        for z in r.zones:
            titles[z.id] = z.name or z.id
    region_ids = {r.id for r in regions}
    shapes: list[Shape] = []
    for key in [r.id for r in regions] + [z.id for r in regions for z in r.zones]:
        x0, y0, x1, y1 = frames[key]
        is_region = key in region_ids
        shapes.append(Rect(view.x(x0), view.y(y1), (x1 - x0) * view.scale,
                           (y1 - y0) * view.scale,
                           fillColor=colors.HexColor("#eef2f7" if is_region else "#ffffff"),
                           strokeColor=colors.HexColor("#8796a8" if is_region else "#a9b4c2"),
                           strokeWidth=0.8 if is_region else 0.5,
                           strokeDashArray=None if is_region else (3, 2), rx=4, ry=4))
        shapes.append(String(view.x(x0) + 3, view.y(y0) - 9 * max(view.scale, 0.35) - 1,
                             titles[key], fontName="Helvetica-Bold",
                             fontSize=max(3.0, 11 * view.scale),
                             fillColor=colors.HexColor("#2b3845")))
    return shapes


def _link_shapes(design: Design, catalog: Catalog, pos: dict[str, Position],
                 view: _View) -> list[Shape]:
    """Links centre to centre, patterned by kind; red where PHI travels unencrypted."""
    centres = {eid: (view.x(p.x + NODE_W / 2), view.y(p.y + NODE_H / 2))
               for eid, p in pos.items()}
    shapes: list[Shape] = []
    for link in design.links:
        if link.from_ not in centres or link.to not in centres:
            continue
        (x1, y1), (x2, y2) = centres[link.from_], centres[link.to]
        unsafe = not link.encrypted and catalog.link_kinds.get(link.kind) is not None \
            and catalog.link_kinds[link.kind].carries_phi
        shapes.append(Line(x1, y1, x2, y2,
                           strokeColor=colors.HexColor("#b03a2e" if unsafe else "#56606b"),
                           strokeWidth=max(0.3, LINK_WIDTH.get(link.kind, 1.0) * view.scale
                                           * 1.6),
                           strokeDashArray=LINK_DASH.get(link.kind)))
    return shapes


def _node_shapes(design: Design, catalog: Catalog, pos: dict[str, Position],
                 view: _View) -> list[Shape]:
    """Sites and components, in layout order (the layout's other entries are the frames)."""
    comps = {c.id: c for c in design.components}
    sites = {s.id: s for s in design.placement.sites}
    shapes: list[Shape] = []
    for eid, p in pos.items():
        x, y = view.x(p.x), view.y(p.y + NODE_H)
        if eid in sites:
            shapes += _site_shapes(sites[eid], x, y, view.scale)
        elif eid in comps:
            shapes += _component_shapes(comps[eid], catalog, x, y, view.scale)
    return shapes


def _site_shapes(site: Site, x: float, y: float, scale: float) -> list[Shape]:
    w, h = NODE_W * scale, NODE_H * scale
    return [Rect(x, y, w, h, fillColor=colors.HexColor("#fbfaf4"),
                 strokeColor=colors.HexColor("#7a6a3a"), strokeWidth=0.7),
            String(x + 2, y + h / 2, site.name or site.id, fontName="Helvetica-Bold",
                   fontSize=max(2.5, 9 * scale))]


def _component_shapes(comp: Component, catalog: Catalog, x: float, y: float,
                      scale: float) -> list[Shape]:
    """A box (double and solid when dedicated, dashed when shared), a band shaded by tier, a
    tenancy mark (filled when dedicated), the name and the SKU with its count."""
    w, h = NODE_W * scale, NODE_H * scale
    sku = catalog.skus.get(comp.sku)
    role = catalog.roles.get(comp.role)
    dedicated = bool(sku and sku.tenancy == "dedicated")
    grey = TIER_GREY.get(role.tier if role else "", 0.8)
    shapes: list[Shape] = [
        Rect(x, y, w, h, fillColor=colors.white, strokeColor=colors.black,
             strokeWidth=1.4 * max(scale, 0.3) if dedicated else 0.6 * max(scale, 0.3),
             strokeDashArray=None if dedicated else (2, 1.5))]
    if dedicated:
        shapes.append(Rect(x + 2 * scale, y + 2 * scale, w - 4 * scale, h - 4 * scale,
                           fillColor=None, strokeColor=colors.black, strokeWidth=0.4 * scale))
    fs = max(2.5, 9 * scale)
    return shapes + [
        Rect(x + 3 * scale, y + 3 * scale, 30 * scale, h - 6 * scale,
             fillColor=colors.Color(grey, grey, grey), strokeColor=None),
        Rect(x + 36 * scale, y + 5 * scale, 8 * scale, 8 * scale,
             fillColor=colors.black if dedicated else colors.white,
             strokeColor=colors.black, strokeWidth=0.4 * scale),
        String(x + 36 * scale, y + h - 14 * scale, (comp.name or comp.id)[:30],
               fontName="Helvetica-Bold", fontSize=fs),
        String(x + 36 * scale, y + h - 30 * scale, f"{comp.sku} x {comp.count}"[:34],
               fontName="Helvetica", fontSize=fs * 0.85)]


def legend_drawing(width: float) -> Drawing:
    d = Drawing(width, 44)
    d.add(Rect(2, 24, 26, 14, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1.4))
    d.add(Rect(4, 26, 22, 10, fillColor=None, strokeColor=colors.black, strokeWidth=0.4))
    d.add(String(32, 27, "dedicated (solid double border, filled mark)", fontSize=7))
    d.add(Rect(200, 24, 26, 14, fillColor=colors.white, strokeColor=colors.black,
               strokeWidth=0.6, strokeDashArray=(2, 1.5)))
    d.add(String(230, 27, "shared (dashed border, open mark)", fontSize=7))
    x = 2.0
    for kind, dash in LINK_DASH.items():
        d.add(Line(x, 8, x + 22, 8, strokeDashArray=dash,
                   strokeWidth=LINK_WIDTH.get(kind, 1.0)))
        d.add(String(x + 25, 5, kind, fontSize=6.5))
        x += 25 + 6.5 * 0.55 * len(kind) + 12
    return d
