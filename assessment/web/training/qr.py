"""QR codes of our own links (join, presenter), as inline SVG."""

import segno


def qr_svg(url: str) -> str:
    """Generated markup from our own URL, not user text: safe to inline. No width or height,
    only a viewBox: the stylesheet sizes it (large on a projector)."""
    return segno.make(url, error="m").svg_inline(
        scale=6, svgclass="qr", lineclass=None, omitsize=True
    )
