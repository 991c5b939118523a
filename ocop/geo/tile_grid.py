"""Where each current province sits on the tile-grid map: one square per province, north at the top.

No boundary data for the 34 provinces (since 1/7/2025) is packaged, so the statistics map draws a square
per province placed roughly where it lies: five columns (west to east) by sixteen rows (north to south).
A merged province sits where most of it lies; those spanning coast and highlands (Quảng Ngãi with Kon
Tum, Gia Lai with Bình Định, Đắk Lắk with Phú Yên) run down the eastern column. The empty cells west of
the central coast hold the legend (``LEGEND_CELL``).
"""

from collections.abc import Mapping

# (column, row) by current province code.
TILE_GRID: Mapping[int, tuple[int, int]] = {
    12: (1, 0),  # Lai Châu
    15: (2, 0),  # Lào Cai
    8: (3, 0),  # Tuyên Quang
    4: (4, 0),  # Cao Bằng
    11: (0, 1),  # Điện Biên
    14: (1, 1),  # Sơn La
    25: (2, 1),  # Phú Thọ
    19: (3, 1),  # Thái Nguyên
    20: (4, 1),  # Lạng Sơn
    1: (2, 2),  # Hà Nội
    24: (3, 2),  # Bắc Ninh
    22: (4, 2),  # Quảng Ninh
    37: (2, 3),  # Ninh Bình
    33: (3, 3),  # Hưng Yên
    31: (4, 3),  # Hải Phòng
    38: (2, 4),  # Thanh Hóa
    40: (2, 5),  # Nghệ An
    42: (3, 5),  # Hà Tĩnh
    44: (3, 6),  # Quảng Trị
    46: (3, 7),  # Huế
    48: (4, 8),  # Đà Nẵng
    51: (4, 9),  # Quảng Ngãi
    52: (4, 10),  # Gia Lai
    66: (4, 11),  # Đắk Lắk
    68: (3, 12),  # Lâm Đồng
    56: (4, 12),  # Khánh Hòa
    82: (0, 13),  # Đồng Tháp
    80: (1, 13),  # Tây Ninh
    79: (2, 13),  # Thành phố Hồ Chí Minh
    75: (3, 13),  # Đồng Nai
    91: (0, 14),  # An Giang
    92: (1, 14),  # Cần Thơ
    86: (2, 14),  # Vĩnh Long
    96: (0, 15),  # Cà Mau
}
LEGEND_CELL = (0, 6)

_NAME_PREFIXES = ("Thành phố ", "Tỉnh ")


def tile_label(name: str) -> str:
    """A province's name without its type word, short enough for a tile: "Tỉnh Cà Mau" is "Cà Mau"."""
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name
