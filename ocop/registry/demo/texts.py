"""Descriptions, stories, packaging, standards and addresses for demo products and producers."""

import random

from ocop.registry.models import ManagementCertification

# What a product of each set is like, by the start of its set code (the longest prefix wins).
METHODS: dict[str, tuple[str, ...]] = {
    "I.1": (
        "Canh tác theo quy trình VietGAP, thu hái đúng độ chín và tuyển chọn kỹ trước khi giao.",
        "Vùng trồng được cấp mã số, ghi chép nhật ký canh tác đầy đủ và truy xuất được tới từng lô.",
    ),
    "I.1.b": (
        "Nuôi thả tự nhiên, ăn thức ăn từ ngô, thóc và rau xanh của gia đình, không dùng chất tăng trọng.",
        "Được giết mổ, sơ chế tại cơ sở đủ điều kiện an toàn thực phẩm và bảo quản lạnh trong suốt quá trình vận chuyển.",  # noqa: E501
    ),
    "I.2.a": (
        "Lúa được trồng trên vùng đất phù sa, thu hoạch và xay xát trong ngày; hạt gạo dẻo, thơm, để nguội vẫn mềm.",  # noqa: E501
        "Canh tác theo hướng hữu cơ, không dùng thuốc diệt cỏ; hạt đều, trong, nấu cơm dẻo và đậm vị.",
    ),
    "I.2.b": (
        "Được khai thác từ những đàn ong nuôi trong vùng, lọc và hạ thủy phần tự nhiên, không pha đường.",
        "Chỉ thu hoạch khi mật đã vít nắp, nên mật sánh, thơm mùi hoa và để lâu không lên men.",
    ),
    "I.3": (
        "Chế biến thủ công theo công thức gia truyền kết hợp máy móc hiện đại, không dùng chất bảo quản.",
        "Nguyên liệu chọn từ vùng trồng của chính chủ thể; sản phẩm giữ được vị tự nhiên, giòn thơm.",
    ),
    "I.4.a": (
        "Ủ chượp trong thùng gỗ từ 12 đến 18 tháng theo phương pháp truyền thống; độ đạm cao, vị mặn mòi, hậu ngọt.",  # noqa: E501
        "Chỉ dùng nguyên liệu tươi và muối biển sạch, không thêm phẩm màu hay chất điều vị.",
    ),
    "I.4.b": ("Phơi và sấy tự nhiên, đóng gói ngay sau khi sơ chế để giữ trọn hương vị.",),
    "I.5": (
        "Búp được hái một tôm hai lá, sao suốt thủ công trên chảo gang; nước xanh, vị chát dịu, hậu ngọt.",
        "Hái từ những cây chè lâu năm trên núi cao, chế biến ngay trong ngày để giữ hương tự nhiên.",
    ),
    "I.5.b": (
        "Thảo mộc được sấy lạnh, giữ màu và hương; pha nước có vị dịu, dễ uống, thích hợp dùng hằng ngày.",
    ),
    "I.6": (
        "Hạt chín đỏ được hái chọn lọc, phơi trên giàn và rang mộc, không tẩm ướp; hương thơm đậm, vị đắng dịu.",  # noqa: E501
        "Rang bằng máy rang kiểm soát nhiệt độ theo từng mẻ nhỏ, xay theo yêu cầu pha phin hoặc pha máy.",
    ),
    "II.1": (
        "Nấu từ gạo nếp của địa phương với men lá truyền thống, chưng cất và hạ thổ ít nhất sáu tháng.",
        "Rượu trong, êm, thơm mùi nếp; đã được kiểm nghiệm không vượt giới hạn methanol cho phép.",
    ),
    "II.2": ("Được xử lý, đóng chai trên dây chuyền khép kín; giữ vị tự nhiên, không chất bảo quản.",),
    "III": (
        "Dược liệu được trồng và thu hái tại địa phương, sơ chế và chiết xuất theo quy trình khép kín.",
        "Theo bài thuốc dân gian của đồng bào, được chuẩn hóa quy trình và kiểm nghiệm chất lượng từng lô.",
    ),
    "III.3": ("Chưng cất bằng hơi nước từ lá và vỏ tươi, không pha hương liệu tổng hợp.",),
    "IV": (
        "Được làm thủ công hoàn toàn bởi nghệ nhân và thợ trong làng nghề, từ nguyên liệu tự nhiên.",
        "Mỗi sản phẩm là một tác phẩm riêng, kết hợp kỹ thuật truyền thống với mẫu mã hiện đại.",
    ),
    "V": ("Cây giống được tuyển chọn, chăm sóc trong nhà lưới và đạt chuẩn trước khi xuất vườn.",),
    "VI": (
        "Du khách được ở nhà dân, cùng làm, cùng ăn và tìm hiểu văn hóa, lễ hội của người dân địa phương.",
        "Có khu trải nghiệm nông nghiệp, ẩm thực truyền thống và các tuyến tham quan cảnh quan thiên nhiên.",
    ),
}
PACKAGING: dict[str, tuple[str, ...]] = {
    "I.1": ("Thùng carton 5 kg, 10 kg", "Túi lưới 2 kg, hộp quà 4 quả"),
    "I.1.b": ("Khay hút chân không 500 g", "Túi hút chân không 1 kg, bảo quản lạnh"),
    "I.2.a": ("Túi hút chân không 2 kg, 5 kg", "Túi vải 5 kg, bao 10 kg"),
    "I.2.b": ("Chai thủy tinh 500 ml, 1 lít", "Hũ thủy tinh 250 g, 500 g"),
    "I.3": ("Túi zip 250 g, hộp giấy 500 g", "Hộp nhựa 300 g, túi 1 kg"),
    "I.4.a": ("Chai thủy tinh 500 ml, can 2 lít", "Chai thủy tinh 300 ml, hộp quà 2 chai"),
    "I.4.b": ("Hũ thủy tinh 100 g, 200 g", "Túi 500 g"),
    "I.5": ("Túi 200 g, hộp thiếc 100 g", "Hộp giấy 250 g, túi lọc 2 g × 25 gói"),
    "I.6": ("Túi van một chiều 250 g, 500 g", "Hộp 10 gói × 20 g, túi 1 kg"),
    "II.1": ("Chai thủy tinh 500 ml, bình sứ 1 lít", "Chai thủy tinh 750 ml, hộp quà"),
    "II.2": ("Chai PET 350 ml, 500 ml", "Bình 19 lít, chai thủy tinh 250 ml"),
    "III": ("Hộp 60 viên, lọ 100 ml", "Hộp 20 gói, lọ thủy tinh 50 ml"),
    "III.3": ("Lọ thủy tinh 10 ml, 50 ml", "Chai 100 ml, hộp quà 3 lọ"),
    "IV": ("Hộp giấy kraft, túi vải", "Hộp gỗ, thùng carton xuất khẩu"),
    "V": ("Chậu sứ, chậu nhựa", "Bầu ươm, thùng carton"),
    "VI": ("",),
}
STORIES = (
    "Nghề {trade} ở {place} có từ lâu đời. Năm {year}, {founder} cùng {households} hộ trong vùng lập nên "
    "{producer} để giữ nghề, làm theo một quy trình chung và đưa sản phẩm của quê hương đi xa.",
    "{Founder} lớn lên bên nghề {trade} của gia đình ở {place}. Sau nhiều năm làm ăn xa, năm {year} "
    "{pronoun} trở về, học thêm kỹ thuật mới và xây dựng thương hiệu {product} như hôm nay.",
    "Từ một cơ sở nhỏ, năm {year} {producer} đầu tư xưởng chế biến, liên kết với {households} hộ dân "
    "{place}, bao tiêu nguyên liệu và tạo việc làm thường xuyên cho lao động địa phương.",
    "Với người {place}, {product} gắn với những ngày lễ, Tết và mùa vụ. {Founder} muốn mỗi sản phẩm kể lại "
    "câu chuyện ấy, nên từ năm {year} đã chú trọng bao bì, nhãn mác và truy xuất nguồn gốc.",
)
HAMLET_WORDS = (
    "Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Tân Lập", "Đoàn Kết", "Hòa Bình", "Quyết Tiến",
    "Thắng Lợi", "Phú Lợi", "An Bình", "Mỹ Hòa", "Tân Thành", "Phú Mỹ", "Hưng Long", "Liên Hiệp", "Đồng Tâm",
)  # fmt: skip
SOUTHERN_PROVINCES = frozenset(range(70, 97))
MOUNTAIN_PROVINCES = frozenset((2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 20, 62, 64))


def _by_prefix(table: dict[str, tuple[str, ...]], product_set: str) -> tuple[str, ...]:
    parts = product_set.split(".")
    for length in range(len(parts), 0, -1):
        key = ".".join(parts[:length])
        if key in table:
            return table[key]
    raise KeyError(product_set)


def description(
    rng: random.Random, *, product_name: str, product_set: str, commune: str, province: str
) -> str:
    method = rng.choice(_by_prefix(METHODS, product_set))
    return f"{product_name} của {commune}, {province}. {method}"


def packaging(rng: random.Random, product_set: str) -> str:
    return rng.choice(_by_prefix(PACKAGING, product_set))


def story(
    rng: random.Random,
    *,
    trade: str,
    place: str,
    year: int,
    founder: str,
    is_woman: bool,
    producer: str,
    product: str,
) -> str:
    title = "bà" if is_woman else "ông"
    return rng.choice(STORIES).format(
        trade=trade.lower(),
        place=place,
        year=year,
        founder=f"{title} {founder}",
        Founder=f"{title.capitalize()} {founder}",
        pronoun=title,
        households=rng.randint(5, 60),
        producer=producer,
        product=product,
    )


def standard(rng: random.Random, producer_name: str, year: int) -> str:
    """A self-declared standard (tiêu chuẩn cơ sở) numbered the way producers number them."""
    initials = "".join(word[0] for word in producer_name.split() if word[0].isupper())[:8]
    return f"TCCS {rng.randint(1, 3):02d}:{year}/{initials}"


def address(
    rng: random.Random, *, commune: str, province: str, legacy_province_code: int, urban: bool
) -> str:
    if urban:
        place = f"Tổ dân phố {rng.randint(1, 25)}"
    elif legacy_province_code in MOUNTAIN_PROVINCES:
        place = f"Bản {rng.choice(HAMLET_WORDS)}" if rng.random() < 0.6 else f"Thôn {rng.randint(1, 12)}"
    elif legacy_province_code in SOUTHERN_PROVINCES:
        place = f"Ấp {rng.choice(HAMLET_WORDS)}" if rng.random() < 0.7 else f"Ấp {rng.randint(1, 9)}"
    else:
        place = f"Thôn {rng.choice(HAMLET_WORDS)}" if rng.random() < 0.6 else f"Xóm {rng.randint(1, 15)}"
    return f"{place}, {commune}, {province}"


# (certification, share among producers of the sector; enterprises twice as often, households half)
CERTIFICATIONS_BY_SECTOR: dict[str, tuple[tuple[str, float], ...]] = {
    "fresh": (
        (ManagementCertification.VIETGAP, 0.35),
        (ManagementCertification.GLOBALGAP, 0.04),
        (ManagementCertification.ORGANIC, 0.06),
    ),
    "processed": (
        (ManagementCertification.HACCP, 0.15),
        (ManagementCertification.ISO_22000, 0.10),
        (ManagementCertification.FSSC_22000, 0.01),
        (ManagementCertification.ISO_9001, 0.05),
        (ManagementCertification.ORGANIC, 0.02),
    ),
    "herbal": (
        (ManagementCertification.GMP, 0.08),
        (ManagementCertification.ISO_9001, 0.05),
        (ManagementCertification.ORGANIC, 0.05),
        (ManagementCertification.VIETGAP, 0.05),
    ),
    "other": ((ManagementCertification.ISO_9001, 0.03), (ManagementCertification.VIETGAP, 0.03)),
}
_TYPE_FACTOR = {"doanh_nghiep": 2.0, "hop_tac_xa": 1.0, "to_hop_tac": 0.5, "ho_kinh_doanh": 0.4}


def certifications(rng: random.Random, *, product_set: str, producer_type: str) -> list[str]:
    if product_set.startswith(("I.1", "I.2.a", "V")):
        table = CERTIFICATIONS_BY_SECTOR["fresh"]
    elif product_set.startswith(("I", "II")):
        table = CERTIFICATIONS_BY_SECTOR["processed"]
    elif product_set.startswith("III"):
        table = CERTIFICATIONS_BY_SECTOR["herbal"]
    else:
        table = CERTIFICATIONS_BY_SECTOR["other"]
    factor = _TYPE_FACTOR[producer_type]
    return [str(name) for name, share in table if rng.random() < share * factor]
