"""Invented Vietnamese personal names: Kinh names with the common surnames' real weights, and the naming
customs of the ethnic groups most OCOP producers in the mountains, the Central Highlands and the Mekong
Delta belong to.
"""

import random
from dataclasses import dataclass
from itertools import accumulate

# Surname shares of the Kinh population, roughly (Nguyễn ~38%, Trần ~11%, Lê ~9.5%, …).
KINH_SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.4),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.1),
    ("Hoàng", 3.1),
    ("Huỳnh", 2.0),
    ("Phan", 4.5),
    ("Vũ", 2.4),
    ("Võ", 1.6),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.6),
    ("Trương", 0.6),
    ("Lương", 0.4),
    ("Đoàn", 0.4),
    ("Trịnh", 0.4),
    ("Mai", 0.3),
    ("Tạ", 0.2),
    ("Cao", 0.3),
    ("Lâm", 0.3),
    ("Hà", 0.3),
    ("Tô", 0.2),
    ("Chu", 0.2),
    ("Thái", 0.2),
    ("Kiều", 0.1),
)
MALE_MIDDLE = ("Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Ngọc", "Trọng")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Bích", "Mỹ", "Phương")
MALE_GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Định", "Đông", "Giang", "Hải", "Hiệp", "Hiếu", "Hòa", "Hoàng",
    "Hùng", "Huy", "Khải", "Khánh", "Lâm", "Long", "Lợi", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong",
    "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn",
    "Tùng", "Việt", "Vinh", "Vũ", "Bảo", "Chiến", "Duy", "Hưng", "Kiên", "Lộc", "Thái", "Tiến",
)  # fmt: skip
FEMALE_GIVEN = (
    "Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huệ", "Hương",
    "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phượng", "Quyên",
    "Sen", "Tâm", "Thảo", "Thắm", "Thanh", "Thoa", "Thu", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Xuân",
    "Yến", "Lý", "Nhàn", "Hậu", "Huyền", "Lụa", "Vui",
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str
    is_woman: bool
    is_ethnic_minority: bool


_SURNAMES = tuple(surname for surname, _share in KINH_SURNAMES)
_SURNAME_CUMULATIVE = tuple(accumulate(share for _surname, share in KINH_SURNAMES))


def kinh_person(rng: random.Random, *, is_woman: bool) -> Person:
    surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUMULATIVE)[0]
    middle = rng.choice(FEMALE_MIDDLE if is_woman else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if is_woman else MALE_GIVEN)
    return Person(f"{surname} {middle} {given}", is_woman, is_ethnic_minority=False)


@dataclass(frozen=True)
class Naming:
    """How a people names its members: clan or family names, and given names with any middle name."""

    surnames: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    clan_last: bool = False  # Ê Đê: "H’Hen Niê", the clan name after the given name


ETHNIC_NAMING: dict[str, Naming] = {
    "hmong": Naming(
        ("Giàng", "Sùng", "Vàng", "Thào", "Mùa", "Lầu", "Ly", "Hờ", "Vừ", "Chảo"),
        ("Thị Mỷ", "Thị Dợ", "Thị Súa", "Thị Pằng", "Thị Mai", "Thị Chía", "Thị Sinh"),
        ("A Páo", "Seo Lử", "A Dế", "Mí Sính", "A Chu", "Seo Vàng"),
    ),
    "thai": Naming(
        ("Lò", "Lường", "Quàng", "Cầm", "Tòng", "Điêu", "Hà", "Vì"),
        ("Thị Ơn", "Thị Xuân", "Thị Kim", "Thị Thoa", "Thị Pọm", "Thị Ánh"),
        ("Văn Ỏn", "Văn Pánh", "Văn Hặc", "Văn Chiến", "Văn Khương"),
    ),
    "tay_nung": Naming(
        ("Hoàng", "Nông", "Lương", "Ma", "Lục", "Bế", "Đàm", "Hà", "Vi", "Triệu", "Lăng"),
        tuple(f"Thị {given}" for given in FEMALE_GIVEN),
        tuple(f"{middle} {given}" for middle in ("Văn", "Đức") for given in MALE_GIVEN),
    ),
    "dao": Naming(
        ("Triệu", "Bàn", "Lý", "Đặng", "Chảo", "Tẩn"),
        ("Thị Mẩy", "Thị Chiêm", "Thị Lở", "Thị Mùi", "Thị Sảnh"),
        ("Tiến Vần", "Văn Sinh", "Ông Quẩy", "Tà Chàn"),
    ),
    "ede": Naming(
        ("Niê", "Mlô", "Êban", "Byă", "Adrơng", "Knul"),
        ("H’Hen", "H’Nhi", "H’Bia", "H’Yơn", "H’Lan", "H’Blưk"),
        ("Y Thuyên", "Y Bhin", "Y Kông", "Y Djuan", "Y Nguê", "Y Blứ"),
        clan_last=True,
    ),
    "jrai": Naming(
        ("Ksor", "Rơ Mah", "Siu", "Nay", "Rcom", "Kpă"),
        ("H’Hen", "H’Nhi", "H’Yơn", "H’Lan"),
        ("Blứ", "Kông", "Thuyên", "Djuan"),
    ),
    "bahnar": Naming(
        ("Đinh", "A", "Y"), ("Thị Hnhiên", "Thị Blui", "Thị Yên"), ("Văn Plang", "Hmên", "Tiêng")
    ),
    "khmer": Naming(
        ("Thạch", "Sơn", "Kim", "Danh", "Lâm", "Châu"),
        ("Thị Sa Rây", "Thị Sóc Khên", "Thị Chanh Thu", "Thị Sa Vy"),
        ("Sô Phách", "Sa Rinh", "Chanh Đa", "Ngọc Sang", "Văn Sóc"),
    ),
    "cham": Naming(
        ("Đàng", "Quảng", "Thuận", "Châu", "Trượng", "Lưu"),
        ("Thị Hồng", "Thị Sen", "Thị Nhung"),
        ("Năng Thọ", "Văn Tài", "Đại Hồng", "Phú Sơn"),
    ),
}


def ethnic_name(rng: random.Random, group: str, *, is_woman: bool) -> str:
    naming = ETHNIC_NAMING[group]
    surname = rng.choice(naming.surnames)
    given = rng.choice(naming.women if is_woman else naming.men)
    return f"{given} {surname}" if naming.clan_last else f"{surname} {given}"


# Legacy province code → (share of producers led by an ethnic-minority person, the groups living there).
# Shares are a guess from the provinces' populations; the groups are the main ones of each province.
ETHNIC_PROVINCES: dict[int, tuple[float, tuple[str, ...]]] = {
    2: (0.7, ("hmong", "tay_nung", "dao")),  # Hà Giang
    4: (0.7, ("tay_nung", "dao", "hmong")),  # Cao Bằng
    6: (0.6, ("tay_nung", "dao")),  # Bắc Kạn
    8: (0.4, ("tay_nung", "dao")),  # Tuyên Quang
    10: (0.5, ("hmong", "dao", "tay_nung")),  # Lào Cai
    11: (0.6, ("thai", "hmong")),  # Điện Biên
    12: (0.7, ("hmong", "thai", "dao")),  # Lai Châu
    14: (0.6, ("thai", "hmong")),  # Sơn La
    15: (0.4, ("tay_nung", "dao", "hmong", "thai")),  # Yên Bái
    17: (0.4, ("thai",)),  # Hoà Bình (Mường, named here like their Thái neighbours)
    20: (0.6, ("tay_nung", "dao")),  # Lạng Sơn
    19: (0.15, ("tay_nung", "dao")),  # Thái Nguyên
    62: (0.35, ("bahnar", "jrai")),  # Kon Tum
    64: (0.3, ("jrai", "bahnar")),  # Gia Lai
    66: (0.25, ("ede", "jrai")),  # Đắk Lắk
    67: (0.2, ("ede", "hmong", "tay_nung")),  # Đắk Nông
    68: (0.1, ("ede", "jrai")),  # Lâm Đồng
    58: (0.15, ("cham",)),  # Ninh Thuận
    84: (0.2, ("khmer",)),  # Trà Vinh
    94: (0.2, ("khmer",)),  # Sóc Trăng
    91: (0.05, ("khmer",)),  # Kiên Giang
    89: (0.05, ("khmer", "cham")),  # An Giang
}
ELSEWHERE_ETHNIC_SHARE = 0.01


def person_in(rng: random.Random, legacy_province_code: int, *, woman_share: float) -> Person:
    """Someone living in the (legacy) province, of an ethnic minority as often as the province suggests."""
    is_woman = rng.random() < woman_share
    share, groups = ETHNIC_PROVINCES.get(legacy_province_code, (ELSEWHERE_ETHNIC_SHARE, ("tay_nung",)))
    if rng.random() < share:
        name = ethnic_name(rng, rng.choice(groups), is_woman=is_woman)
        return Person(name, is_woman, is_ethnic_minority=True)
    return kinh_person(rng, is_woman=is_woman)
