"""Reading back the cell colours of a pandas Styler (its CSS), as the UI tests need them."""

from __future__ import annotations

import re

RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
CELL = re.compile(r"_row(\d+)_col(\d+)\b")
BACKGROUND = re.compile(r"background-color:\s*(#[0-9a-fA-F]+)")


def cell_colours(css: str, column: int) -> dict[int, str]:
    """Row number -> background colour of the cells of ``column`` that ``css`` styles."""
    colours = {}
    for selectors, body in RULE.findall(css):
        colour = BACKGROUND.search(body)
        for row, col in CELL.findall(selectors):
            if colour and int(col) == column:
                colours[int(row)] = colour.group(1).lower()
    return colours
