"""An organisation's colours and logo on the site: Material's palette, and a stylesheet for hex colours.

A Material colour name (`teal`) goes into the palette as is. A hex colour (`#1f4e79`) makes the palette
`custom` and this module writes the CSS variables Material reads for it, with the text colours worked
out so that every pair passes WCAG AA (4.5:1): the header text is white or near-black, whichever
contrasts more, and links are the colour darkened (light scheme) or lightened (dark scheme) until
they contrast enough with the page.
"""

from __future__ import annotations

from typing import Any

AA = 4.5
LIGHT_PAGE = "#f5f5f5"
"""The lightest background links sit on in the light scheme (code blocks, table headers); white is lighter still."""
DARK_PAGE = "#2e303e"
"""The lightest background links sit on in Material's slate scheme (admonitions, code blocks)."""
DARK_TEXT = "#000000de"
"""Material's text colour on light primary colours (87% black)."""


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(hex_colour)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two opaque colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` (0-1) of `other` mixed in."""
    return _hex(tuple(c + (o - c) * share for c, o in zip(_rgb(colour), _rgb(other), strict=True)))  # type: ignore[arg-type]


def readable_on(colour: str, page: str, towards: str) -> str:
    """`colour`, moved step by step towards `towards` (black or white) until it contrasts 4.5:1 with `page`."""
    for step in range(21):
        candidate = mix(colour, towards, step / 20)
        if contrast(candidate, page) >= AA:
            return candidate
    return towards


def text_on(colour: str) -> tuple[str, str]:
    """(text, dimmed text) for a background of `colour`: white or near-black, whichever contrasts more."""
    return ("#ffffff", "#ffffffb3") if contrast("#ffffff", colour) >= contrast("#000000", colour) else (DARK_TEXT, "#0000008a")


def is_hex(colour: str) -> bool:
    return colour.startswith("#")


def stylesheet(primary: str, accent: str) -> str:
    """CSS for the hex colours among `primary` and `accent` ("" when both are Material names)."""
    parts = ["/* Generated from the colours of organisation.yml by macros/branding.py; do not edit. */"]
    if is_hex(primary):
        text, dimmed = text_on(primary)
        parts.append(
            '[data-md-color-primary="custom"] {\n'
            f"  --md-primary-fg-color: {primary};\n"
            f"  --md-primary-fg-color--light: {mix(primary, '#ffffff', 0.2)};\n"
            f"  --md-primary-fg-color--dark: {mix(primary, '#000000', 0.2)};\n"
            f"  --md-primary-bg-color: {text};\n"
            f"  --md-primary-bg-color--light: {dimmed};\n"
            f"  --md-typeset-a-color: {readable_on(primary, LIGHT_PAGE, '#000000')};\n"
            "}\n"
            '[data-md-color-scheme="slate"][data-md-color-primary="custom"] {\n'
            f"  --md-typeset-a-color: {readable_on(primary, DARK_PAGE, '#ffffff')};\n"
            "}\n"
            '[data-md-color-scheme="slate"][data-md-color-primary="custom"] .md-typeset .md-button:not(.md-button--primary) {\n'
            "  color: var(--md-typeset-a-color);\n"
            "  border-color: var(--md-typeset-a-color);\n"
            "}"
        )
    if is_hex(accent):
        text, _ = text_on(accent)
        parts.append(
            '[data-md-color-accent="custom"] {\n'
            f"  --md-accent-fg-color: {accent};\n"
            f"  --md-accent-fg-color--transparent: {accent}1a;\n"
            f"  --md-accent-bg-color: {text};\n"
            f"  --md-accent-bg-color--light: {text[:7]}b3;\n"
            "}"
        )
    return "\n".join(parts) + "\n" if len(parts) > 1 else ""


def palette(palettes: Any, primary: str, accent: str) -> list[dict[str, Any]]:
    """Material's palette entries with the organisation's colours (`custom` for a hex colour)."""
    entries = palettes if isinstance(palettes, list) else [palettes or {}]
    return [{**entry, "primary": "custom" if is_hex(primary) else primary, "accent": "custom" if is_hex(accent) else accent} for entry in entries]
