"""Name parts for demo products and producers: what each kind of OCOP product is called and where it is
a speciality, and how producers of each type name themselves.

Provinces are legacy (63-province) codes, because specialities were named in those provinces: Vải thiều
is Bắc Giang's (24), Nước mắm Phú Quốc's island is in Kiên Giang (91). A kind with provinces is much more
likely there; a kind marked ``only`` is made nowhere else (no fish sauce in the mountains).
"""

import random
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from ocop.core.text import fold

# Groups of legacy provinces, for specialities shared by a region.
NORTHERN_MOUNTAINS = (2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 24, 25)
NORTHWEST = (10, 11, 12, 14, 15, 17)
NORTHEAST = (2, 4, 6, 8, 19, 20)
RED_RIVER_DELTA = (1, 22, 26, 27, 30, 31, 33, 34, 35, 36, 37)
CENTRAL_COAST = (38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60)
HIGHLANDS = (62, 64, 66, 67, 68)
SOUTHEAST = (70, 72, 74, 75, 77, 79)
MEKONG_DELTA = (80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96)
SEA_PROVINCES = (22, 31, 34, 36, 37, *CENTRAL_COAST, 77, 79, 82, 83, 84, 91, 94, 95, 96)
TEA_PROVINCES = (*NORTHEAST, *NORTHWEST, 25, 38, 40, 42, 68)
COFFEE_PROVINCES = (*HIGHLANDS, 11, 14, 45, 70, 75)

# Sector shares of OCOP products nationally (food dominates), Decision 148 numbering.
SECTOR_WEIGHTS: dict[int, float] = {1: 68.0, 2: 8.0, 3: 10.0, 4: 8.0, 5: 2.0, 6: 4.0}


@dataclass(frozen=True)
class Kind:
    """One kind of product: ``name`` then a variant then a place, e.g. "Nước mắm" "cá cơm" "Cửa Khe"."""

    product_set: str
    name: str
    variants: tuple[str, ...]
    provinces: tuple[int, ...]
    only: bool
    weight: float
    trade: str  # what a producer of it calls its trade: "Chè", "Nước mắm", "Gốm"
    sector: int


def _kind(
    product_set: str,
    name: str,
    variants: str = "",
    where: tuple[int, ...] = (),
    *,
    only: bool = False,
    weight: float = 1.0,
    trade: str | None = None,
) -> Kind:
    sector = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}[product_set.split(".")[0]]
    return Kind(product_set, name, tuple(variants.split("|")), where, only, weight, trade or name, sector)


KINDS: tuple[Kind, ...] = (
    # 1.1.a Fresh vegetables, tubers, fruits, nuts
    _kind("I.1.a", "Bưởi Diễn", "|hữu cơ|loại 1", (1,), only=True, trade="Bưởi"),
    _kind("I.1.a", "Bưởi Đoan Hùng", "|VietGAP|hữu cơ", (25,), only=True, trade="Bưởi"),
    _kind("I.1.a", "Bưởi Phúc Trạch", "|VietGAP", (42,), only=True, trade="Bưởi"),
    _kind(
        "I.1.a", "Bưởi da xanh", "|VietGAP|hữu cơ", (83, 82, 86, 75, 84), only=True, weight=2, trade="Bưởi"
    ),
    _kind("I.1.a", "Bưởi Năm Roi", "|VietGAP", (86, 93, 87), only=True, trade="Bưởi"),
    _kind("I.1.a", "Vải thiều", "|VietGAP|sớm", (24, 30), only=True, weight=2, trade="Vải thiều"),
    _kind("I.1.a", "Nhãn lồng", "|VietGAP|hương chi", (33,), only=True, trade="Nhãn"),
    _kind("I.1.a", "Cam Cao Phong", "|VietGAP", (17,), only=True, trade="Cam"),
    _kind("I.1.a", "Cam Xã Đoài", "", (40,), only=True, trade="Cam"),
    _kind("I.1.a", "Cam", "|VietGAP|đường canh|bù", (8, 2, 42, 44, 40, 17), only=True),
    _kind("I.1.a", "Cam sành", "|VietGAP", (8, 2, 86, 84), only=True, trade="Cam"),
    _kind("I.1.a", "Xoài cát Hòa Lộc", "|VietGAP", (82, 87, 83), only=True, trade="Xoài"),
    _kind("I.1.a", "Xoài", "|cát chu|tứ quý|Úc", (87, 89, 58, 56, 82), only=True),
    _kind("I.1.a", "Thanh long", "|ruột đỏ|ruột trắng|VietGAP", (60, 80, 82), only=True, weight=1.5),
    _kind("I.1.a", "Sầu riêng", "|Ri6|Monthong|Dona", (66, 82, 83, 75, 67, 68), only=True, weight=1.5),
    _kind("I.1.a", "Na", "|dai|bở", (20, 19, 24), only=True),
    _kind("I.1.a", "Mận hậu", "|VietGAP|tam hoa", (14, 10, 12), only=True, trade="Mận"),
    _kind("I.1.a", "Hồng không hạt", "|VietGAP|treo gió", (4, 20, 6), only=True, trade="Hồng"),
    _kind("I.1.a", "Dưa lưới", "|hữu cơ|nhà màng", weight=1.5),
    _kind("I.1.a", "Rau", "|an toàn|hữu cơ|thủy canh", weight=1.5),
    _kind("I.1.a", "Khoai lang", "|tím Nhật|mật|ruột vàng", (86, 40, 30, 68), weight=0.8),
    _kind("I.1.a", "Hành tím", "|Vĩnh Châu", (94, 51), only=True),
    _kind("I.1.a", "Nho", "|xanh|đỏ|NH01-48", (58,), only=True),
    _kind("I.1.a", "Chuối tiêu hồng", "|VietGAP", (33, 1, 37), only=True, trade="Chuối"),
    _kind("I.1.a", "Ổi", "|lê Đài Loan|găng|hữu cơ", weight=0.8),
    _kind("I.1.a", "Dừa xiêm", "|xanh|sáp", (83, 84), only=True, trade="Dừa"),
    _kind("I.1.a", "Măng cụt", "|VietGAP", (83, 74, 75), only=True),
    _kind("I.1.a", "Chôm chôm", "|nhãn|Java", (75, 83, 82), only=True),
    _kind("I.1.a", "Quýt hồng", "|Lai Vung", (87,), only=True, trade="Quýt"),
    _kind("I.1.a", "Vú sữa Lò Rèn", "", (82,), only=True, trade="Vú sữa"),
    _kind("I.1.a", "Bơ sáp", "|booth|034", (66, 67, 68), only=True, trade="Bơ"),
    _kind("I.1.a", "Chanh leo", "|tím", (64, 14, 66, 17), only=True),
    _kind("I.1.a", "Hạt dẻ", "|rang|tươi", (4, 20), only=True),
    _kind("I.1.a", "Dứa", "|Queen|mật", (91, 93, 37, 38, 8), only=True),
    _kind("I.1.a", "Mít", "|Thái|ruột đỏ", (82, 87, 92, 93), only=True),
    # 1.1.b Meat, aquatic products, eggs, fresh milk
    _kind("I.1.b", "Gà đồi", "|thả vườn", (24, 19, 25), only=True, trade="Gà"),
    _kind("I.1.b", "Gà Đông Tảo", "|thuần chủng", (33,), only=True, trade="Gà"),
    _kind("I.1.b", "Gà Tiên Yên", "", (22,), only=True, trade="Gà"),
    _kind("I.1.b", "Gà", "|ri|thả vườn|ác", weight=1.2),
    _kind("I.1.b", "Trứng gà", "|sạch|ta|thảo dược", weight=1.2),
    _kind("I.1.b", "Lợn đen", "|bản|thả đồi", (*NORTHERN_MOUNTAINS, 62, 64), only=True, trade="Lợn"),
    _kind("I.1.b", "Sữa bò tươi", "|thanh trùng|nguyên kem", (1, 14, 40, 68), only=True, trade="Sữa"),
    _kind("I.1.b", "Tôm", "|sú|thẻ|càng xanh|sinh thái", (96, 95, 94, 84, 83, 91), only=True),
    _kind("I.1.b", "Cua biển", "|gạch|thịt", (96, 95, 84), only=True, trade="Cua"),
    _kind("I.1.b", "Hàu", "|sữa|Thái Bình Dương", (22, 31, 56), only=True),
    _kind("I.1.b", "Ốc hương", "", (56, 54, 60), only=True),
    _kind("I.1.b", "Cá lăng", "|sông|nuôi lồng", (14, 15, 17, 8), only=True, trade="Cá"),
    # 1.2.a Rice, cereals, grains
    _kind(
        "I.2.a", "Gạo ST25", "|hữu cơ|tôm lúa", (94, 95, 91, 84, 96, 93), only=True, weight=2.5, trade="Gạo"
    ),
    _kind("I.2.a", "Gạo Séng Cù", "", (10, 12, 11), only=True, trade="Gạo"),
    _kind("I.2.a", "Gạo nếp cái hoa vàng", "", (30, 33, 34, 1, 26), only=True, trade="Gạo"),
    _kind("I.2.a", "Gạo Bắc Hương", "", (36, 35), only=True, trade="Gạo"),
    _kind("I.2.a", "Gạo tám thơm", "|hữu cơ|dẻo", (11, 36), only=True, trade="Gạo"),
    _kind("I.2.a", "Gạo nàng thơm Chợ Đào", "", (80,), only=True, trade="Gạo"),
    _kind("I.2.a", "Gạo", "|hữu cơ|lứt|tím than|nếp|thơm", weight=2.5),
    _kind("I.2.a", "Nếp Tú Lệ", "", (15,), only=True, trade="Gạo"),
    _kind("I.2.a", "Lạc", "|đỏ|nhân", (40, 42, 38, 52), only=True),
    _kind("I.2.a", "Hạt sen", "|tươi|khô", (87, 46, 37, 33), only=True),
    # 1.2.b Honey, syrups, other farm food
    _kind("I.2.b", "Mật ong hoa nhãn", "", (33, 1, 24, 30), only=True, weight=1.5, trade="Mật ong"),
    _kind("I.2.b", "Mật ong bạc hà", "", (2,), only=True, trade="Mật ong"),
    _kind(
        "I.2.b", "Mật ong rừng", "|nguyên chất", (*NORTHERN_MOUNTAINS, *HIGHLANDS, 40, 49), trade="Mật ong"
    ),
    _kind("I.2.b", "Mật ong hoa cà phê", "", (66, 64, 68, 67), only=True, trade="Mật ong"),
    _kind("I.2.b", "Mật ong hoa vải", "", (24, 30), only=True, trade="Mật ong"),
    _kind("I.2.b", "Mật ong U Minh", "|rừng tràm", (96, 91), only=True, trade="Mật ong"),
    _kind("I.2.b", "Mật ong", "|nguyên chất|hoa keo|hoa cỏ lào", weight=1.5),
    _kind("I.2.b", "Mật hoa dừa", "", (84, 83), only=True, trade="Mật hoa dừa"),
    _kind("I.2.b", "Đường thốt nốt", "|nguyên chất", (89,), only=True, trade="Đường thốt nốt"),
    _kind("I.2.b", "Mật mía", "|đường phèn", (51, 38), only=True),
    # 1.3.a Fast food
    _kind("I.3.a", "Bánh chưng", "|gấc|đen|nếp nương", (1, 2, 4), weight=1.2),
    _kind("I.3.a", "Nem chua", "|Thanh Hóa|chả", (38,), only=True),
    _kind("I.3.a", "Giò lụa", "|thủ|bò", (1, 33), trade="Giò chả"),
    _kind("I.3.a", "Bánh tét", "|lá cẩm|nhân chuối", MEKONG_DELTA, only=True),
    _kind("I.3.a", "Cơm cháy", "|chà bông|mắm hành", (37, 38)),
    _kind("I.3.a", "Bún bò", "|đóng gói|sấy", (46,), only=True, trade="Bún"),
    _kind("I.3.a", "Bánh phu thê", "|Đình Bảng", (27,), only=True, trade="Bánh"),
    # 1.3.b From rice and cereals
    _kind("I.3.b", "Miến dong", "|sợi nhỏ|khoai lang", (6, 1, 22, 17, 8), weight=1.5, trade="Miến"),
    _kind("I.3.b", "Bánh đa", "|nem|vừng|đỏ", (24, 40, 31, 1), trade="Bánh đa"),
    _kind("I.3.b", "Bún khô", "|gạo lứt|ngũ sắc", weight=1.2, trade="Bún"),
    _kind("I.3.b", "Phở khô", "|gạo|sắn", (1, 36, 40), trade="Phở"),
    _kind("I.3.b", "Bánh tráng", "|phơi sương|nước dừa|mè đen", (72, 52, 83, 48, 49), weight=1.2),
    _kind("I.3.b", "Cốm", "|dẹp|xanh|nếp", (1, 15, 84), trade="Cốm"),
    _kind("I.3.b", "Mì Chũ", "|gạo|gạo lứt", (24,), only=True, trade="Mì gạo"),
    _kind("I.3.b", "Bánh cáy", "|làng Nguyễn", (34,), only=True, trade="Bánh"),
    _kind("I.3.b", "Bánh gai", "|lá gai|nhân đậu xanh", (30, 38, 36), only=True, trade="Bánh"),
    _kind("I.3.b", "Bánh đậu xanh", "|Rồng Vàng", (30,), only=True, trade="Bánh"),
    _kind("I.3.b", "Hủ tiếu", "|khô|dai", (87, 82), only=True),
    _kind("I.3.b", "Bánh pía", "|sầu riêng|đậu xanh", (94,), only=True, trade="Bánh"),
    _kind("I.3.b", "Bánh phồng", "|sữa|tôm", (83, 84, 86), only=True, trade="Bánh phồng"),
    _kind("I.3.b", "Bột sắn dây", "|nguyên chất", (33, 37, 38, 40, 17)),
    # 1.3.c From vegetables, fruits, nuts
    _kind("I.3.c", "Mứt gừng", "|dẻo|lát", (46, 1, 33), trade="Mứt"),
    _kind("I.3.c", "Mứt sen", "|trần", (46, 87), only=True, trade="Mứt"),
    _kind("I.3.c", "Ô mai", "|mơ|sấu|gừng", (1,), only=True),
    _kind("I.3.c", "Chuối sấy", "|dẻo|giòn", weight=1.2, trade="Trái cây sấy"),
    _kind("I.3.c", "Mít sấy", "|giòn", (82, 87, 92, 66), trade="Trái cây sấy"),
    _kind("I.3.c", "Xoài sấy", "|dẻo", (87, 89, 56), only=True, trade="Trái cây sấy"),
    _kind("I.3.c", "Vải sấy", "|khô", (24, 30), only=True, trade="Vải"),
    _kind("I.3.c", "Long nhãn", "|sấy", (33,), only=True, trade="Nhãn"),
    _kind("I.3.c", "Hạt điều", "|rang muối|rang củi|vỏ lụa", (70, 75, 74, 52, 72), only=True, weight=2),
    _kind("I.3.c", "Hạt mắc ca", "|sấy nứt vỏ", (66, 68, 11, 14, 67), only=True, trade="Mắc ca"),
    _kind("I.3.c", "Măng khô", "|nứa|vầu", (*NORTHERN_MOUNTAINS, 62, 64, 38, 40), only=True, trade="Măng"),
    _kind("I.3.c", "Mận sấy dẻo", "", (14, 10), only=True, trade="Mận"),
    _kind("I.3.c", "Kẹo dừa", "|sáp|lá dứa|sầu riêng", (83,), only=True, trade="Kẹo dừa"),
    _kind("I.3.c", "Kẹo lạc", "|cu đơ|vừng", (42, 40, 38, 1)),
    _kind("I.3.c", "Mè xửng", "|Huế|dẻo", (46,), only=True, trade="Mè xửng"),
    _kind("I.3.c", "Hồng treo gió", "|sấy dẻo", (68,), only=True, trade="Hồng sấy"),
    _kind("I.3.c", "Dưa cải muối", "|chua", weight=0.6, trade="Dưa muối"),
    _kind("I.3.c", "Cà pháo muối", "|xổi", (1, 33, 34, 38), trade="Dưa muối"),
    _kind("I.3.c", "Bánh dừa nướng", "", (49,), only=True, trade="Bánh"),
    _kind("I.3.c", "Chanh đào ngâm mật ong", "", (10, 15, 4), only=True, trade="Chanh đào"),
    # 1.3.d From meat, eggs, milk, aquatic products
    _kind("I.3.d", "Lạp xưởng", "|tươi|tôm|mai quế lộ", (92, 94, 80, 87, 84), only=True, weight=1.5),
    _kind(
        "I.3.d",
        "Thịt trâu gác bếp",
        "",
        (*NORTHWEST, *NORTHEAST),
        only=True,
        weight=1.5,
        trade="Thịt gác bếp",
    ),
    _kind("I.3.d", "Lạp sườn gác bếp", "", (*NORTHWEST, 2, 4), only=True, trade="Thịt gác bếp"),
    _kind("I.3.d", "Mực một nắng", "|loại lớn|tẩm", (22, 91, 60, 48, 31, 56), only=True, trade="Hải sản khô"),
    _kind("I.3.d", "Chả mực", "|Hạ Long|giã tay", (22,), only=True, trade="Chả mực"),
    _kind("I.3.d", "Chả cá", "|thu|thác lác|basa", (56, 48, 87, 1, 22)),
    _kind("I.3.d", "Tôm khô", "|đất|nõn", (96, 95, 94), only=True, trade="Tôm khô"),
    _kind("I.3.d", "Khô cá lóc", "|một nắng", (89, 87, 92, 96), only=True, trade="Khô cá"),
    _kind("I.3.d", "Khô cá dứa", "|một nắng", (96, 95, 84, 83), only=True, trade="Khô cá"),
    _kind("I.3.d", "Ruốc", "|heo|nấm", weight=0.8),
    _kind("I.3.d", "Nem Lai Vung", "|chay", (87,), only=True, trade="Nem"),
    _kind("I.3.d", "Trứng vịt muối", "|tro", weight=0.6, trade="Trứng"),
    _kind("I.3.d", "Sữa chua", "|nếp cẩm|ít đường", (1, 14), only=True, trade="Sữa"),
    _kind("I.3.d", "Bò khô", "|tẩm gia vị", (46, 48, 79, 64)),
    _kind("I.3.d", "Yến sào", "|tinh chế|chưng sẵn", (56, 54, 49, 91, 82), trade="Yến sào"),
    # 1.4 Seasonings
    _kind(
        "I.4.a",
        "Nước mắm",
        "|cá cơm|nhĩ|truyền thống|40 độ đạm|35 độ đạm",
        (91, 48, 31, 60, 40, 51, 56, 38, 45, 44, 77, 52, 54, 22, 42, 46),
        only=True,
        weight=5,
    ),
    _kind("I.4.a", "Mắm tôm", "|chua|tép", (38, 22, 46, 36), only=True),
    _kind("I.4.a", "Tương Bần", "", (33,), only=True, trade="Tương"),
    _kind("I.4.a", "Tương Nam Đàn", "", (40,), only=True, trade="Tương"),
    _kind("I.4.a", "Tương", "|nếp|đậu", (1, 42, 25, 26), only=True),
    _kind("I.4.a", "Mắm ruốc", "|chưng|tươi", (46, 51, 48, 45), only=True),
    _kind("I.4.a", "Mắm cá linh", "|kho|sống", (89, 87), only=True, trade="Mắm"),
    _kind("I.4.a", "Mắm cáy", "", (34, 36, 31), only=True),
    _kind("I.4.a", "Nước tương", "|đậu nành|nấm", weight=0.5),
    _kind("I.4.b", "Muối tôm", "|Tây Ninh|hột", (72,), only=True),
    _kind("I.4.b", "Tỏi", "|tía|cô đơn|đen", (58, 40, 34, 35), only=True),
    _kind(
        "I.4.b",
        "Hạt tiêu",
        "|đen|đỏ|sọ",
        (91, 66, 64, 70, 45, 67, 77),
        only=True,
        weight=1.5,
        trade="Hồ tiêu",
    ),
    _kind("I.4.b", "Muối", "|hạt|hầm|biển|tinh", (95, 51, 58, 34, 36, 42), only=True),
    _kind("I.4.b", "Hạt mắc khén", "", (14, 12, 11, 10), only=True, trade="Gia vị"),
    _kind("I.4.b", "Tương ớt", "|tỏi|xanh", weight=0.8, trade="Gia vị"),
    _kind("I.4.b", "Ớt bột", "", (51, 46, 38), trade="Gia vị"),
    _kind("I.4.b", "Bột nghệ", "|vàng|đỏ", (40, 33, 15, 17), trade="Nghệ"),
    # 1.5 Tea
    _kind(
        "I.5.a",
        "Chè Shan tuyết",
        "|cổ thụ|hồng trà|bạch trà|búp",
        (2, 10, 15, 14, 8, 12, 11, 4, 6),
        only=True,
        weight=3,
        trade="Chè",
    ),
    _kind("I.5.a", "Chè", "|Tân Cương|búp|đinh|tôm nõn|móc câu", (19,), only=True, weight=3),
    _kind("I.5.a", "Chè xanh", "|búp|móc câu|Bát Tiên", TEA_PROVINCES, only=True, weight=2.5, trade="Chè"),
    _kind("I.5.a", "Trà ô long", "|sữa|thiết quan âm", (68, 14, 15), only=True, trade="Chè"),
    _kind("I.5.a", "Trà sen", "|ướp bông|ướp gạo", (1, 33, 87), only=True, trade="Trà sen"),
    _kind("I.5.b", "Trà hoa vàng", "|túi lọc|sấy lạnh", (22, 26, 25), only=True, trade="Trà hoa vàng"),
    _kind("I.5.b", "Trà atiso", "|túi lọc|hoa", (68,), only=True, trade="Atiso"),
    _kind("I.5.b", "Trà cà gai leo", "|túi lọc", weight=1.2, trade="Dược liệu"),
    _kind("I.5.b", "Trà hoa cúc", "|vàng|chi", (33, 1, 45)),
    _kind("I.5.b", "Trà gạo lứt", "|đậu đen|rang", weight=0.8, trade="Trà thảo mộc"),
    _kind(
        "I.5.b",
        "Trà túi lọc",
        "|lá sen|mãng cầu|khổ qua rừng|vối|đinh lăng",
        weight=1.5,
        trade="Trà thảo mộc",
    ),
    _kind("I.5.b", "Trà dây", "|túi lọc|khô", (10, 20, 15), only=True, trade="Trà thảo mộc"),
    _kind("I.5.b", "Trà cung đình", "|Huế", (46,), only=True, trade="Trà thảo mộc"),
    # 1.6 Coffee and cocoa
    _kind(
        "I.6",
        "Cà phê rang xay",
        "|nguyên chất|Robusta|Arabica|Culi|honey",
        COFFEE_PROVINCES,
        weight=5,
        trade="Cà phê",
    ),
    _kind("I.6", "Cà phê", "|hạt rang|bột|phin giấy|Arabica", COFFEE_PROVINCES, only=True, weight=3),
    _kind("I.6", "Cà phê hòa tan", "|3 in 1|đen", (66, 68, 64), only=True, trade="Cà phê"),
    _kind("I.6", "Ca cao", "|bột|nguyên chất", (83, 82, 66, 75, 77), only=True, trade="Ca cao"),
    _kind("I.6", "Sô cô la", "|đen|sữa|nhân hạt điều", (83, 82, 75, 66, 79), only=True, trade="Ca cao"),
    # 2 Beverages
    _kind("II.1.a", "Rượu Làng Vân", "", (24,), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu Kim Sơn", "", (37,), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu Mẫu Sơn", "", (20,), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu Bàu Đá", "", (52,), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu Gò Đen", "", (80,), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu Phú Lễ", "", (83,), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu Xuân Thạnh", "", (84,), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu Hồng Đào", "", (49,), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu ngô men lá", "|lâu năm|đặc sản", (2, 10, 12, 11, 14, 4), only=True, trade="Rượu"),
    _kind("II.1.a", "Rượu nếp", "|cái hoa vàng|cẩm|men lá", weight=2.5, trade="Rượu"),
    _kind("II.1.a", "Rượu gạo", "|truyền thống", weight=1.5, trade="Rượu"),
    _kind("II.1.b", "Rượu vang", "|nho|sim|dâu", (58, 91, 68), only=True, trade="Rượu vang"),
    _kind("II.1.b", "Rượu mơ", "|ngâm|lâu năm", (1, 10), only=True, trade="Rượu"),
    _kind("II.1.b", "Rượu táo mèo", "", (15, 10, 2), only=True, trade="Rượu"),
    _kind("II.1.b", "Rượu cần", "", (*HIGHLANDS, 17, 38), only=True, trade="Rượu"),
    _kind("II.2.a", "Nước khoáng", "|thiên nhiên|có ga|không ga", (17, 22, 56, 42, 51, 52, 40), only=True),
    _kind("II.2.a", "Nước uống đóng chai", "|tinh khiết|ion kiềm", weight=1.5, trade="Nước uống"),
    _kind("II.2.b", "Nước cốt chanh leo", "", (64, 14, 66, 17), only=True, trade="Nước giải khát"),
    _kind("II.2.b", "Nước dừa", "|đóng chai|xiêm", (83, 84), only=True, trade="Dừa"),
    _kind("II.2.b", "Nước ép", "|nhàu|sim|dứa|táo mèo", weight=1.2, trade="Nước giải khát"),
    _kind("II.2.b", "Sữa đậu nành", "|lá dứa|nguyên chất", weight=0.8, trade="Nước giải khát"),
    _kind("II.2.b", "Nước yến", "|đường phèn", (56, 54), only=True, trade="Yến sào"),
    # 3 Herbal materials and products
    _kind("III.1", "Cao atiso", "|lỏng|mềm", (68,), only=True, trade="Atiso"),
    _kind("III.1", "Tinh bột nghệ", "|vàng|đỏ|nếp", (40, 33, 15, 17, 38), weight=1.5, trade="Nghệ"),
    _kind("III.1", "Đông trùng hạ thảo", "|sấy thăng hoa|rượu|nước uống", weight=1.5, trade="Dược liệu"),
    _kind("III.1", "Sâm Ngọc Linh", "|ngâm mật ong|củ tươi", (62, 49), only=True, trade="Sâm"),
    _kind("III.1", "Tam thất", "|bột|củ", (2, 10, 12, 4), only=True, trade="Dược liệu"),
    _kind("III.1", "Cao cà gai leo", "|viên", weight=1.2, trade="Dược liệu"),
    _kind("III.1", "Nấm linh chi", "|đỏ|thái lát", weight=1.2, trade="Nấm"),
    _kind("III.1", "Giảo cổ lam", "|túi lọc|5 lá", (17, 2, 15, 35), trade="Dược liệu"),
    _kind("III.1", "Cao dây thìa canh", "", (35, 37, 26), trade="Dược liệu"),
    _kind("III.1", "Viên hoàn", "|đinh lăng|mật ong tam thất", weight=0.6, trade="Dược liệu"),
    _kind("III.2", "Dầu gội", "|bồ kết|thảo dược|vỏ bưởi", weight=1.2, trade="Mỹ phẩm thiên nhiên"),
    _kind("III.2", "Xà phòng", "|thảo dược|nghệ|cà phê", weight=1.2, trade="Mỹ phẩm thiên nhiên"),
    _kind(
        "III.2", "Nước tắm thảo dược", "|người Dao|lá thuốc", (10, 15, 2, 8, 17), only=True, trade="Dược liệu"
    ),
    _kind("III.2", "Dầu dừa", "|tinh khiết|ép lạnh", (83, 84), only=True, trade="Dừa"),
    _kind("III.2", "Son dưỡng", "|dầu gấc|sáp ong", weight=0.5, trade="Mỹ phẩm thiên nhiên"),
    _kind("III.3", "Tinh dầu quế", "", (15, 49, 38, 51, 8), only=True, trade="Tinh dầu"),
    _kind("III.3", "Tinh dầu sả chanh", "", weight=1.5, trade="Tinh dầu"),
    _kind("III.3", "Tinh dầu tràm", "|gió|Huế", (46, 45, 44, 42), only=True, trade="Tinh dầu"),
    _kind("III.3", "Tinh dầu bưởi", "|vỏ bưởi", (83, 25, 42, 1, 86), trade="Tinh dầu"),
    _kind("III.3", "Tinh dầu hồi", "", (20, 4), only=True, trade="Tinh dầu"),
    _kind("III.3", "Tinh dầu bạc hà", "|tràm trà", weight=0.6, trade="Tinh dầu"),
    _kind("III.3", "Quế thanh", "|cuộn|chẻ|vỏ", (15, 51, 49, 38), only=True, trade="Quế"),
    _kind("III.3", "Hoa hồi khô", "", (20, 4), only=True, trade="Hồi"),
    _kind("III.3", "Nhang trầm", "|sạch|quế", weight=0.8, trade="Nhang"),
    # 4 Handicrafts
    _kind("IV.1", "Gốm Bát Tràng", "|men rạn|đất nung|bình hoa", (1,), only=True, trade="Gốm"),
    _kind("IV.1", "Gốm Chu Đậu", "|men rạn|đất nung|bình hoa", (30,), only=True, trade="Gốm"),
    _kind("IV.1", "Gốm Bàu Trúc", "|men rạn|đất nung|bình hoa", (58,), only=True, trade="Gốm"),
    _kind("IV.1", "Gốm Phù Lãng", "|men rạn|đất nung|bình hoa", (27,), only=True, trade="Gốm"),
    _kind("IV.1", "Gốm Thanh Hà", "|men rạn|đất nung|bình hoa", (49,), only=True, trade="Gốm"),
    _kind("IV.1", "Gốm", "|men rạn|đất đỏ|mỹ nghệ", (75, 86, 74, 36), only=True),
    _kind(
        "IV.1",
        "Chiếu cói",
        "|hoa văn|trơn|xuất khẩu",
        (38, 37, 34, 42, 52, 87),
        only=True,
        weight=1.5,
        trade="Cói",
    ),
    _kind("IV.1", "Mây tre đan", "|xuất khẩu|giỏ|khay", weight=2.5, trade="Mây tre đan"),
    _kind("IV.1", "Lục bình đan", "|giỏ|thảm", (*MEKONG_DELTA, 37), only=True, trade="Lục bình"),
    _kind("IV.1", "Tranh sơn mài", "|phong cảnh|khảm trai", (1, 74, 79, 46), only=True, trade="Sơn mài"),
    _kind(
        "IV.1", "Đồ gỗ mỹ nghệ", "|khảm trai|chạm khắc", (27, 36, 1, 52, 33), only=True, trade="Gỗ mỹ nghệ"
    ),
    _kind("IV.1", "Nón lá", "|bài thơ|lá buông", (46, 1, 52, 49), only=True),
    _kind("IV.1", "Tranh Đông Hồ", "", (27,), only=True, trade="Tranh dân gian"),
    _kind("IV.1", "Đá mỹ nghệ", "|tượng|chạm khắc", (48, 37, 38), only=True, trade="Đá mỹ nghệ"),
    _kind("IV.1", "Đèn lồng", "|lụa|tre", (49, 48), only=True),
    _kind("IV.1", "Chổi đót", "|chít", (*NORTHERN_MOUNTAINS, 40, 38), only=True, trade="Chổi"),
    _kind("IV.1", "Đồ đồng", "|đúc|chạm", (36, 49, 46, 38), only=True, trade="Đúc đồng"),
    _kind(
        "IV.2",
        "Thổ cẩm",
        "|dệt tay|túi|khăn",
        (*NORTHWEST, *NORTHEAST, *HIGHLANDS, 49, 40, 58, 38),
        only=True,
        weight=1.5,
    ),
    _kind("IV.2", "Lụa", "|tơ tằm|tơ sen|vân", (1, 68, 49, 35, 52), only=True, trade="Lụa"),
    _kind("IV.2", "Khăn rằn", "", (72, 89, 87), only=True, trade="Dệt"),
    _kind("IV.2", "Khăn piêu", "", (14, 11, 12), only=True, trade="Dệt"),
    _kind("IV.2", "Vải lanh", "|dệt tay|sáp ong", (2, 12), only=True, trade="Dệt lanh"),
    # 5 Ornamentals
    _kind("V.1", "Lan hồ điệp", "|chậu|cắt cành", (1, 79, 68, 22, 24), trade="Hoa lan"),
    _kind("V.1", "Lan Mokara", "", (79, 80, 74, 92), only=True, trade="Hoa lan"),
    _kind("V.1", "Hoa", "|hồng|cúc|đào|ly", (1, 68, 24, 33, 87, 83, 26)),
    _kind("V.2", "Cây cảnh", "|bonsai|mini|thế", (83, 87, 36, 1, 52), trade="Cây cảnh"),
    _kind("V.2", "Mai vàng", "|bonsai|giảo", (52, 83, 79, 87), only=True, trade="Cây cảnh"),
    _kind("V.2", "Quất cảnh", "|chậu|thế", (1, 33), only=True, trade="Cây cảnh"),
    _kind("V.3", "Cá cảnh", "|Koi|rồng", (79, 1, 92), trade="Cá cảnh"),
    _kind("V.3", "Chim cảnh", "|chào mào", weight=0.5, trade="Chim cảnh"),
    # 6 Community tourism, eco-tourism and tourist sites
    _kind("VI.1", "Du lịch cộng đồng", "|bản|thôn|làng", weight=2, trade="Du lịch cộng đồng"),
    _kind("VI.1", "Homestay", "|nhà sàn|miệt vườn", weight=1.5, trade="Du lịch"),
    _kind("VI.1", "Khu du lịch sinh thái", "|miệt vườn|rừng", weight=1.2, trade="Du lịch sinh thái"),
    _kind("VI.1", "Điểm du lịch làng nghề", "|gốm|dệt|mây tre", weight=0.8, trade="Du lịch"),
)

# Island districts without communes before 2025: their own specialities.
ISLAND_KINDS: dict[str, Kind] = {
    "Lý Sơn": _kind("I.4.b", "Tỏi cô đơn", "|đen|khô", trade="Tỏi"),
    "Côn Đảo": _kind("I.3.c", "Hạt bàng", "|rang|kẹo", trade="Hạt bàng"),
    "Bạch Long Vĩ": _kind("I.3.d", "Mực một nắng", "|câu", trade="Hải sản khô"),
    "Cồn Cỏ": _kind("VI.1", "Du lịch sinh thái đảo", "", trade="Du lịch"),
}

PRODUCT_WORDS = tuple(sorted({fold(kind.name).split()[0] for kind in (*KINDS, *ISLAND_KINDS.values())}))

_DIVISION_PREFIXES = (
    "Thành phố ",
    "Tỉnh ",
    "Huyện ",
    "Quận ",
    "Thị xã ",
    "Thị trấn ",
    "Xã ",
    "Phường ",
    "Đặc khu ",
)


def bare_place_name(unit_name: str) -> str | None:
    """ "Xã Khoái Châu" → "Khoái Châu"; ``None`` for names that are no place name ("Phường 12")."""
    for prefix in _DIVISION_PREFIXES:
        if unit_name.startswith(prefix):
            unit_name = unit_name[len(prefix) :]
            break
    if any(char.isdigit() for char in unit_name) or len(unit_name) < 3 or " - " in unit_name:
        return None
    return unit_name


@cache
def kinds_for(
    sector: int, legacy_province_code: int, product_set: str = ""
) -> tuple[list[Kind], list[float]]:
    """The kinds a producer in the province may make in the sector (and set), weighted toward local
    specialities. The weights are cumulative, for ``random.choices(kinds, cum_weights=...)``.
    """
    kinds: list[Kind] = []
    weights: list[float] = []
    for kind in KINDS:
        if kind.sector != sector or (product_set and kind.product_set != product_set):
            continue
        local = legacy_province_code in kind.provinces
        if kind.only and not local:
            continue
        kinds.append(kind)
        weights.append(kind.weight * (6.0 if local else 1.0))
    return kinds, list(accumulate(weights))


# --- Producers


ENTERPRISE_FORMS = (
    ("Công ty TNHH", 5),
    ("Công ty TNHH MTV", 2),
    ("Công ty Cổ phần", 3),
    ("Doanh nghiệp tư nhân", 1),
)
ENTERPRISE_BUSINESS = (
    "Nông sản",
    "Thực phẩm",
    "Sản xuất và Thương mại",
    "Thương mại và Dịch vụ",
    "Đầu tư Phát triển Nông nghiệp",
    "Xuất nhập khẩu",
)
BRAND_WORDS = (
    "Hoàng Gia", "Phúc Lộc", "An Phát", "Minh Anh", "Tâm Việt", "Thiên Phúc", "Hưng Thịnh", "Đại Phát",
    "Việt Xanh", "Nông Sản Sạch", "Sao Việt", "Quê Hương", "Hương Quê", "Đất Việt", "Tân Lộc", "Kim Ngân",
    "Bảo An", "Trường Thịnh", "Phú Gia", "Hồng Phát", "Thành Đạt", "Xanh", "Green Farm", "Organic",
)  # fmt: skip
COOPERATIVE_FORMS = (
    ("Hợp tác xã {trade}", 5),
    ("Hợp tác xã Nông nghiệp {place}", 2),
    ("Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp {place}", 1),
    ("Hợp tác xã Sản xuất và Kinh doanh {trade}", 2),
    ("HTX {trade}", 1),
)
GROUP_FORMS = (("Tổ hợp tác sản xuất {trade_lower}", 3), ("Tổ hợp tác {trade}", 1), ("THT {trade}", 1))
HOUSEHOLD_FORMS = (
    ("Hộ kinh doanh {person}", 5),
    ("Cơ sở sản xuất {trade_lower} {person}", 2),
    ("Cơ sở {trade} {given}", 2),
    ("Hộ sản xuất {person}", 1),
)

# How producer types are written in provincial spreadsheets: codes and the labels the contract accepts.
PRODUCER_TYPE_LABELS: dict[str, tuple[tuple[str, float], ...]] = {
    "doanh_nghiep": (("doanh_nghiep", 4), ("Doanh nghiệp", 3), ("Công ty", 2)),
    "hop_tac_xa": (("hop_tac_xa", 4), ("Hợp tác xã", 4), ("HTX", 2)),
    "to_hop_tac": (("to_hop_tac", 4), ("Tổ hợp tác", 4), ("THT", 1)),
    "ho_kinh_doanh": (("ho_kinh_doanh", 4), ("Hộ kinh doanh", 3), ("Cơ sở sản xuất", 2), ("Hộ sản xuất", 1)),
}


@cache
def _cumulative(options: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], list[float]]:
    values, weights = zip(*options, strict=True)
    return values, list(accumulate(weights))


def weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    """One of the options, as likely as its weight says."""
    values, cumulative = _cumulative(options)
    return rng.choices(values, cum_weights=cumulative)[0]


def producer_name(
    rng: random.Random, producer_type: str, *, trade: str, place: str, person: str, province: str
) -> str:
    """A producer's registered name, in the forms the type uses: "Hợp tác xã Chè Shan tuyết Suối Giàng"."""
    given = person.split()[-1]
    slots = {"trade": f"{trade} {place}", "trade_lower": f"{trade.lower()} {place}", "place": place}
    if producer_type == "doanh_nghiep":
        form = weighted(rng, ENTERPRISE_FORMS)
        roll = rng.random()
        if roll < 0.4:
            return f"{form} {trade} {place}"
        if roll < 0.75:
            return f"{form} {rng.choice(ENTERPRISE_BUSINESS)} {rng.choice(BRAND_WORDS)}"
        return f"{form} {rng.choice(ENTERPRISE_BUSINESS)} {province}"
    if producer_type == "hop_tac_xa":
        return weighted(rng, COOPERATIVE_FORMS).format(**slots)
    if producer_type == "to_hop_tac":
        return weighted(rng, GROUP_FORMS).format(**slots)
    return weighted(rng, HOUSEHOLD_FORMS).format(
        person=person, given=given, trade=trade, trade_lower=trade.lower()
    )
