"""Where the current provinces are, as far as the coarse place of a scan needs: the seats of the 63
former provinces (tỉnh lỵ before 1/7/2025), each under the current province it became part of.

``ocop.geo`` keeps the units' codes in both schemes but no positions, so the seats are here: 63 points,
enough to tell provinces apart at the tenth of a degree a scan's place is kept at, and never finer. A
place belongs to the province of the nearest seat; farther than ``FARTHEST_KM`` from every seat (abroad,
far at sea) it belongs to none. A province's own seat stands for it in distances between provinces.
"""

import math

# Every commune of the mainland lies within about 120 km of a former provincial seat.
FARTHEST_KM = 150
_EARTH_RADIUS_KM = 6371.0

# Current province code: (latitude, longitude) of the seats of the former provinces it joined, its own seat
# first (the point that stands for the province in distances between provinces).
SEATS: dict[int, tuple[tuple[float, float], ...]] = {
    1: ((21.03, 105.85),),  # Hà Nội
    4: ((22.67, 106.26),),  # Cao Bằng
    8: ((21.82, 105.21), (22.82, 104.98)),  # Tuyên Quang; Hà Giang
    11: ((21.39, 103.02),),  # Điện Biên Phủ
    12: ((22.40, 103.46),),  # Lai Châu
    14: ((21.33, 103.91),),  # Sơn La
    15: ((21.72, 104.90), (22.49, 103.97)),  # Yên Bái; Lào Cai
    19: ((21.59, 105.85), (22.15, 105.83)),  # Thái Nguyên; Bắc Kạn
    20: ((21.85, 106.76),),  # Lạng Sơn
    22: ((20.95, 107.08),),  # Hạ Long
    24: ((21.27, 106.19), (21.18, 106.07)),  # Bắc Giang; Bắc Ninh
    25: ((21.32, 105.40), (21.31, 105.60), (20.82, 105.34)),  # Việt Trì; Vĩnh Yên; Hòa Bình
    31: ((20.86, 106.68), (20.94, 106.33)),  # Hải Phòng; Hải Dương
    33: ((20.65, 106.05), (20.45, 106.34)),  # Hưng Yên; Thái Bình
    37: ((20.25, 105.97), (20.54, 105.91), (20.42, 106.17)),  # Ninh Bình; Phủ Lý; Nam Định
    38: ((19.81, 105.78),),  # Thanh Hóa
    40: ((18.67, 105.68),),  # Vinh
    42: ((18.34, 105.91),),  # Hà Tĩnh
    44: ((17.47, 106.62), (16.82, 107.10)),  # Đồng Hới; Đông Hà
    46: ((16.46, 107.59),),  # Huế
    48: ((16.05, 108.22), (15.57, 108.47)),  # Đà Nẵng; Tam Kỳ
    51: ((15.12, 108.80), (14.35, 108.00)),  # Quảng Ngãi; Kon Tum
    52: ((13.78, 109.22), (13.98, 108.00)),  # Quy Nhơn; Pleiku
    56: ((12.24, 109.19), (11.57, 108.99)),  # Nha Trang; Phan Rang – Tháp Chàm
    66: ((12.67, 108.04), (13.09, 109.30)),  # Buôn Ma Thuột; Tuy Hòa
    68: ((11.94, 108.44), (12.00, 107.69), (10.93, 108.10)),  # Đà Lạt; Gia Nghĩa; Phan Thiết
    75: ((10.95, 106.82), (11.53, 106.89)),  # Biên Hòa; Đồng Xoài
    79: ((10.78, 106.70), (10.98, 106.65), (10.50, 107.17)),  # Hồ Chí Minh; Thủ Dầu Một; Bà Rịa
    80: ((10.54, 106.41), (11.31, 106.10)),  # Tân An; Tây Ninh
    82: ((10.36, 106.36), (10.46, 105.63)),  # Mỹ Tho; Cao Lãnh
    86: ((10.25, 105.97), (10.24, 106.38), (9.93, 106.34)),  # Vĩnh Long; Bến Tre; Trà Vinh
    91: ((10.01, 105.08), (10.39, 105.44)),  # Rạch Giá; Long Xuyên
    92: ((10.03, 105.78), (9.78, 105.47), (9.60, 105.97)),  # Cần Thơ; Vị Thanh; Sóc Trăng
    96: ((9.18, 105.15), (9.29, 105.72)),  # Cà Mau; Bạc Liêu
}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (latitude, longitude) points."""
    latitude_a, longitude_a, latitude_b, longitude_b = map(math.radians, (*a, *b))
    half = (
        math.sin((latitude_b - latitude_a) / 2) ** 2
        + math.cos(latitude_a) * math.cos(latitude_b) * math.sin((longitude_b - longitude_a) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(half))


def nearest_province(latitude: float, longitude: float) -> int | None:
    """The current province whose (former) seat lies nearest, or ``None`` past ``FARTHEST_KM`` from all."""
    distance, code = min(
        (distance_km((latitude, longitude), seat), code) for code, seats in SEATS.items() for seat in seats
    )
    return code if distance <= FARTHEST_KM else None


def provinces_apart_km(first: int, second: int) -> float | None:
    """Between the seats of two current provinces; ``None`` when either is not one."""
    if first not in SEATS or second not in SEATS:
        return None
    return distance_km(SEATS[first][0], SEATS[second][0])
