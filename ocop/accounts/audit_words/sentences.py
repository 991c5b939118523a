"""One function per recorded action that says it in words, and each action's short name."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.audit_words.telling import Event, Told, day, detail_lines, identifier, plain, quantity, say
from ocop.accounts.models import Role

# --- Accounts


def _role(value: object) -> str:
    return str(Role(value).label) if value in Role.values else plain("role", value)


def user_create(e: Event) -> Told:
    role = _role(e.details.get("role"))
    return Told(
        say(_("{actor} đã tạo tài khoản {target} ({role})."), actor=e.actor, target=e.target, role=role)
    )


def user_update(e: Event) -> Told:
    sentence = say(_("{actor} đã sửa thông tin tài khoản {target}."), actor=e.actor, target=e.target)
    return Told(sentence, e.change_lines())


def user_deactivate(e: Event) -> Told:
    return Told(say(_("{actor} đã khóa tài khoản {target}."), actor=e.actor, target=e.target))


def user_reactivate(e: Event) -> Told:
    return Told(say(_("{actor} đã mở lại tài khoản {target}."), actor=e.actor, target=e.target))


def user_admin_create(e: Event) -> Told:
    return Told(
        say(_("{actor} đã tạo tài khoản {target} trong trang quản trị."), actor=e.actor, target=e.target)
    )


def user_admin_change(e: Event) -> Told:
    fields = ", ".join(e.field_label(name) for name in e.details.get("fields", []))
    return Told(
        say(_("{actor} đã sửa tài khoản {target} trong trang quản trị."), actor=e.actor, target=e.target),
        [(_("Trường đã sửa"), fields or "—")],
    )


def user_demo_create(e: Event) -> Told:
    role = _role(e.details.get("role"))
    return Told(say(_("Đã tạo tài khoản mẫu {target} ({role})."), target=e.target, role=role))


def user_demo_restore(e: Event) -> Told:
    fields = ", ".join(e.field_label(name) for name in e.details.get("changed", []))
    return Told(
        say(_("Đã khôi phục tài khoản mẫu {target}."), target=e.target), [(_("Trường đã sửa"), fields)]
    )


def user_password_change(e: Event) -> Told:
    return Told(say(_("{actor} đã đổi mật khẩu."), actor=e.actor))


def user_password_reset_request(e: Event) -> Told:
    return Told(
        say(_("Có yêu cầu gửi liên kết đặt lại mật khẩu cho {target}."), target=e.target),
        [(_("Địa chỉ máy yêu cầu"), str(e.details.get("client_address", "—")))],
    )


def user_password_reset(e: Event) -> Told:
    return Told(say(_("{actor} đã đặt mật khẩu mới qua liên kết gửi bằng thư điện tử."), actor=e.actor))


# --- Administrative units


def units_load(e: Event) -> Told:
    return Told(
        say(
            _(
                "{actor} đã nạp danh mục đơn vị hành chính (phiên bản {version}): {created} đơn vị mới, "
                "{updated} cập nhật, {successions} quan hệ kế thừa mới."
            ),
            actor=e.actor,
            version=identifier(e.details.get("package_version", "—")),
            created=quantity(e.details.get("created", 0)),
            updated=quantity(e.details.get("updated", 0)),
            successions=quantity(e.details.get("successions_created", 0)),
        )
    )


# --- Registry


def producer_create(e: Event) -> Told:
    return Told(say(_("{actor} đã thêm chủ thể {target}."), actor=e.actor, target=e.target))


def producer_update(e: Event) -> Told:
    return Told(
        say(_("{actor} đã sửa thông tin chủ thể {target}."), actor=e.actor, target=e.target), e.change_lines()
    )


def producer_member_add(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm tài khoản {member} vào chủ thể {target}."),
            actor=e.actor,
            member=e.details.get("user", "—"),
            target=e.target,
        )
    )


def product_create(e: Event) -> Told:
    return Told(say(_("{actor} đã thêm sản phẩm {target}."), actor=e.actor, target=e.target))


def product_update(e: Event) -> Told:
    return Told(
        say(_("{actor} đã sửa thông tin sản phẩm {target}."), actor=e.actor, target=e.target),
        e.change_lines(),
    )


def _image_product(e: Event) -> SafeString:
    product = e.details.get("product")
    return e.object("registry.product", product, _("sản phẩm số {number}").format(number=identifier(product)))


def product_image_add(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm ảnh thứ {position} cho {product}."),
            actor=e.actor,
            position=identifier(e.details.get("position", "—")),
            product=_image_product(e),
        ),
        [
            (_("Mô tả ảnh"), plain("alt", e.details.get("alt"))),
            (_("Dung lượng tải lên"), filesizeformat(e.details.get("upload_size") or 0)),
        ],
    )


def product_image_remove(e: Event) -> Told:
    return Told(say(_("{actor} đã xóa một ảnh của {product}."), actor=e.actor, product=_image_product(e)))


def product_image_move(e: Event) -> Told:
    before, after = (e.details.get("changes") or {}).get("position", ["—", "—"])
    return Told(
        say(
            _("{actor} đã chuyển một ảnh của {product} từ vị trí {before} sang vị trí {after}."),
            actor=e.actor,
            product=_image_product(e),
            before=identifier(before),
            after=identifier(after),
        )
    )


def certificate_add(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm giấy chứng nhận {stars} sao {target}, quyết định số {decision} ngày {day}."),
            actor=e.actor,
            stars=identifier(e.details.get("stars", "—")),
            target=e.target,
            decision=e.details.get("decision_no", "—"),
            day=day(e.details.get("decision_date", "—")),
        )
    )


def certificate_revoke(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thu hồi giấy chứng nhận {target} từ ngày {day}."),
            actor=e.actor,
            target=e.target,
            day=day(e.details.get("revoked_on", "—")),
        ),
        [
            (_("Lý do"), plain("reason", e.details.get("reason"))),
            # Recorded in Vietnamese (accounts cannot read the registry's grounds): the decision's words.
            (_("Căn cứ thu hồi"), plain("ground_label", e.details.get("ground_label"))),
            (_("Số quyết định thu hồi"), plain("decision_no", e.details.get("decision_no"))),
            (_("Ngày quyết định thu hồi"), day(e.details.get("decision_date") or "—")),
            (
                _("Minh chứng"),
                plain("evidence", ", ".join(item["name"] for item in e.details.get("evidence", [])) or None),
            ),
        ],
    )


def _kind_counts(counts: Mapping[str, int]) -> str:
    return _("{created} mới, {updated} cập nhật, {unchanged} không đổi").format(
        created=quantity(counts.get("created", 0)),
        updated=quantity(counts.get("updated", 0)),
        unchanged=quantity(counts.get("unchanged", 0)),
    )


def recognitions_import(e: Event) -> Told:
    summary = e.details.get("summary") or {}
    products = summary.get("products") or {}
    return Told(
        say(
            _("{actor} đã nhập tệp {file}: {created} sản phẩm mới, {updated} cập nhật."),
            actor=e.actor,
            file=e.object(e.event.object_type, e.event.object_id, str(e.details.get("file_name", "—"))),
            created=quantity(products.get("created", 0)),
            updated=quantity(products.get("updated", 0)),
        ),
        [
            (_("Số dòng"), quantity(summary.get("rows", 0))),
            (_("Chủ thể"), _kind_counts(summary.get("producers") or {})),
            (_("Sản phẩm"), _kind_counts(products)),
            (_("Giấy chứng nhận"), _kind_counts(summary.get("certificates") or {})),
        ],
    )


def agreements_import(e: Event) -> Told:
    summary = e.details.get("summary") or {}
    agreements = summary.get("agreements") or {}
    return Told(
        say(
            _("{actor} đã nhập tệp thỏa thuận {file}: {created} văn bản mới, {updated} cập nhật."),
            actor=e.actor,
            file=e.object(e.event.object_type, e.event.object_id, str(e.details.get("file_name", "—"))),
            created=quantity(agreements.get("created", 0)),
            updated=quantity(agreements.get("updated", 0)),
        ),
        [
            (_("Số dòng"), quantity(summary.get("rows", 0))),
            (_("Văn bản"), _kind_counts(agreements)),
        ],
    )


def agreements_import_refused(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã gửi tệp thỏa thuận {file}, không được nhập vì có {count} lỗi."),
            actor=e.actor,
            file=plain("file_name", e.details.get("file_name", "—")),
            count=quantity(e.details.get("error_count", 0)),
        )
    )


# --- Targets


def target_create(e: Event) -> Told:
    return Told(
        say(_("{actor} đã đặt mục tiêu {target}."), actor=e.actor, target=e.target),
        detail_lines(e.details),
    )


def target_update(e: Event) -> Told:
    changes = e.details.get("changes") or {}
    return Told(
        say(_("{actor} đã sửa mục tiêu {target}."), actor=e.actor, target=e.target),
        [(column, f"{before} → {after}") for column, (before, after) in sorted(changes.items())],
    )


def target_delete(e: Event) -> Told:
    return Told(
        say(_("{actor} đã xóa mục tiêu {target}."), actor=e.actor, target=e.target),
        detail_lines(e.details),
    )


def target_figure(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã ghi số liệu {value} đến ngày {day} cho mục tiêu {target}."),
            actor=e.actor,
            value=plain("value", e.details.get("value", "—")),
            day=day(e.details.get("as_of") or "—"),
            target=e.target,
        ),
        [(_("Minh chứng"), plain("evidence", e.details.get("evidence", "—")))],
    )


def targets_import(e: Event) -> Told:
    summary = e.details.get("summary") or {}
    targets = summary.get("targets") or {}
    return Told(
        say(
            _("{actor} đã nhập tệp mục tiêu {file}: {created} mục tiêu mới, {updated} cập nhật."),
            actor=e.actor,
            file=plain("file_name", e.details.get("file_name", "—")),
            created=quantity(targets.get("created", 0)),
            updated=quantity(targets.get("updated", 0)),
        ),
        [(_("Số dòng"), quantity(summary.get("rows", 0)))],
    )


def connection_event_create(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã tạo hội nghị kết nối {target} ngày {day}."),
            actor=e.actor,
            target=e.target,
            day=day(e.details.get("date") or "—"),
        )
    )


def connection_event_participants(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã cập nhật danh sách tham gia {target}: {producers} chủ thể, {buyers} bên mua."),
            actor=e.actor,
            target=e.target,
            producers=quantity(e.details.get("producers", 0)),
            buyers=quantity(e.details.get("buyers", 0)),
        )
    )


def meeting_record(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã ghi cuộc gặp {target} ({status})."),
            actor=e.actor,
            target=e.target,
            status=plain("status", e.details.get("status")),
        )
    )


def agreement_record(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã ghi văn bản {target} ({status})."),
            actor=e.actor,
            target=e.target,
            status=plain("status", e.details.get("status")),
        ),
        detail_lines(e.details),
    )


def delivery_record(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã ghi giao hàng {value} đồng theo văn bản {target} ngày {day}."),
            actor=e.actor,
            value=quantity(e.details.get("value_vnd", 0)),
            target=e.target,
            day=day(e.details.get("on") or "—"),
        )
    )


# The words of ``ProducerAnswer`` and ``AgreementStatus`` (trade), which accounts may not import.
AGREEMENT_ANSWERS: dict[str, Promise] = {
    "confirmed": gettext_lazy("xác nhận"),
    "disputed": gettext_lazy("không xác nhận"),
}
AGREEMENT_STATUSES: dict[str, Promise] = {
    "signed": gettext_lazy("Đã ký"),
    "in_progress": gettext_lazy("Đang thực hiện"),
    "fulfilled": gettext_lazy("Đã hoàn thành"),
    "cancelled": gettext_lazy("Đã hủy"),
}


def agreement_answer(e: Event) -> Told:
    answer = str(e.details.get("answer") or "")
    reason = e.details.get("reason") or ""
    return Told(
        say(
            _("{actor} (chủ thể) đã trả lời văn bản {target}: {answer}."),
            actor=e.actor,
            target=e.target,
            answer=AGREEMENT_ANSWERS.get(answer, answer),
        ),
        [(_("Lý do"), reason)] if reason else [],
    )


def agreement_status(e: Event) -> Told:
    before, after = str(e.details.get("from") or ""), str(e.details.get("status") or "")
    return Told(
        say(
            _("{actor} đã chuyển văn bản {target} từ “{before}” sang “{after}”."),
            actor=e.actor,
            target=e.target,
            before=AGREEMENT_STATUSES.get(before, before),
            after=AGREEMENT_STATUSES.get(after, after),
        )
    )


# The words of ``ImportBatch.State`` (registry), which accounts may not import; a test holds the two equal.
IMPORT_BATCH_STATES: dict[str, Promise] = {
    "validated": gettext_lazy("Đã kiểm tra"),
    "running": gettext_lazy("Đang nhập"),
    "done": gettext_lazy("Hoàn tất"),
    "failed": gettext_lazy("Lỗi"),
}


def _import_batch_state(value: object) -> str:
    return str(IMPORT_BATCH_STATES.get(str(value), value))


def import_batch_transition(e: Event) -> Told:
    file = e.object(e.event.object_type, e.event.object_id, str(e.details.get("file_name", "—")))
    if not e.details.get("from"):
        sentence = say(
            _("{actor} đã tạo lượt nhập tệp {file} ở trạng thái «{to}»."),
            actor=e.actor,
            file=file,
            to=_import_batch_state(e.details.get("to")),
        )
    else:
        sentence = say(
            _("{actor} đã chuyển lượt nhập tệp {file} từ «{source}» sang «{to}»."),
            actor=e.actor,
            file=file,
            source=_import_batch_state(e.details.get("from")),
            to=_import_batch_state(e.details.get("to")),
        )
    return Told(sentence)


def demo_load(e: Event) -> Told:
    enriched = e.details.get("enriched") or {}
    return Told(
        say(
            _(
                "{actor} đã nạp sổ đăng ký mẫu (hạt giống {seed}): {products} sản phẩm của {producers} "
                "chủ thể."
            ),
            actor=e.actor,
            seed=identifier(e.details.get("seed", "—")),
            products=quantity(e.details.get("products", 0)),
            producers=quantity(e.details.get("producers", 0)),
        ),
        [
            (_("Số dòng"), quantity(e.details.get("rows", 0))),
            (
                _("Đã bổ sung"),
                _("{producers} chủ thể, {products} sản phẩm, {certificates} giấy chứng nhận").format(
                    producers=quantity(enriched.get("producers", 0)),
                    products=quantity(enriched.get("products", 0)),
                    certificates=quantity(enriched.get("certificates", 0)),
                ),
            ),
        ],
    )


# --- Evaluation


def rubric_load(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã nạp bộ tiêu chí {target} từ tệp {file}."),
            actor=e.actor,
            target=e.target,
            file=plain("file", e.details.get("file")),
        )
    )


def rubric_draft_create(e: Event) -> Told:
    return Told(
        say(_("{actor} đã tạo bản nháp {target} để sửa bộ tiêu chí."), actor=e.actor, target=e.target)
    )


def rubric_option_update(e: Event) -> Told:
    sentence = say(
        _("{actor} đã sửa một phương án của tiêu chí {criterion} trong bản nháp {target}."),
        actor=e.actor,
        criterion=plain("criterion", e.details.get("criterion")),
        target=e.target,
    )
    return Told(sentence, e.change_lines())


def rubric_criterion_update(e: Event) -> Told:
    sentence = say(
        _("{actor} đã sửa tiêu chí {criterion} trong bản nháp {target}."),
        actor=e.actor,
        criterion=plain("criterion", e.details.get("criterion")),
        target=e.target,
    )
    return Told(sentence, e.change_lines())


def rubric_publish(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã ban hành bộ tiêu chí {target}; phiên bản trước không còn áp dụng."),
            actor=e.actor,
            target=e.target,
        )
    )


def self_assessment_create(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã lưu bản tự đánh giá {target}: {total} điểm, {stars} sao."),
            actor=e.actor,
            target=e.target,
            total=plain("total", e.details.get("total")),
            stars=plain("stars", e.details.get("stars")),
        )
    )


def dossier_create(e: Event) -> Told:
    copied_from = e.details.get("copied_from")
    if copied_from:
        return Told(
            say(
                _("{actor} đã lập hồ sơ {target}, sao từ hồ sơ #{copied_from}."),
                actor=e.actor,
                target=e.target,
                copied_from=plain("copied_from", copied_from),
            ),
            detail_lines({key: e.details[key] for key in ("answers", "evidence") if key in e.details}),
        )
    return Told(say(_("{actor} đã lập hồ sơ {target}."), actor=e.actor, target=e.target))


def dossier_update(e: Event) -> Told:
    return Told(
        say(_("{actor} đã sửa phiếu đăng ký (mẫu 01) của hồ sơ {target}."), actor=e.actor, target=e.target),
        e.change_lines(),
    )


def dossier_answers_update(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã sửa phiếu tự đánh giá của hồ sơ {target}: các tiêu chí {criteria}."),
            actor=e.actor,
            target=e.target,
            criteria=plain("criteria", ", ".join(e.details.get("criteria", []))),
        )
    )


def dossier_evidence_add(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm minh chứng {name} vào hồ sơ {target}."),
            actor=e.actor,
            name=plain("name", e.details.get("name")),
            target=e.target,
        )
    )


def dossier_evidence_remove(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã bỏ minh chứng {name} khỏi hồ sơ {target}."),
            actor=e.actor,
            name=plain("name", e.details.get("name")),
            target=e.target,
        )
    )


def demo_evaluation_step(e: Event) -> Told:
    return Told(
        say(
            _("Đã nạp bước mẫu “{step}” của phần đánh giá: {target}."),
            step=str(e.details.get("step", "—")),
            target=e.target,
        )
    )


def dossier_transition(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã chuyển hồ sơ {target} từ “{before}” sang “{after}”."),
            actor=e.actor,
            target=e.target,
            before=plain("from", e.details.get("from")),
            after=plain("to", e.details.get("to")),
        ),
        detail_lines({key: e.details[key] for key in ("deadline", "note") if e.details.get(key)}),
    )


# --- Rounds, councils, decisions


def council_round_open(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã mở đợt đánh giá {target}, kết thúc ngày {day}."),
            actor=e.actor,
            target=e.target,
            day=plain("closes_on", e.details.get("closes_on")),
        )
    )


def council_round_assign(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã đưa {count} hồ sơ vào đợt đánh giá {target}."),
            actor=e.actor,
            count=plain("dossiers", len(e.details.get("dossiers") or [])),
            target=e.target,
        )
    )


def council_form(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã lập hội đồng {target} gồm {count} người."),
            actor=e.actor,
            target=e.target,
            count=plain("members", len(e.details.get("members") or [])),
        )
    )


def council_session_open(e: Event) -> Told:
    return Told(say(_("{actor} đã mở phiên chấm {target}."), actor=e.actor, target=e.target))


def council_session_attendance(e: Event) -> Told:
    return Told(
        say(_("{actor} đã sửa danh sách có mặt của phiên chấm {target}."), actor=e.actor, target=e.target)
    )


def council_session_close(e: Event) -> Told:
    return Told(say(_("{actor} đã khóa phiên chấm {target}."), actor=e.actor, target=e.target))


def council_score_submit(e: Event) -> Told:
    return Told(say(_("{actor} đã nộp phiếu chấm {target}."), actor=e.actor, target=e.target))


def council_decision(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã ra quyết định {number} về hồ sơ {target}."),
            actor=e.actor,
            number=plain("decision_no", e.details.get("decision_no")),
            target=e.target,
        )
    )


def buyer_register(e: Event) -> Told:
    return Told(say(_("{actor} đã đăng ký bên mua {target}."), actor=e.actor, target=e.target))


def buyer_verify(e: Event) -> Told:
    return Told(
        say(_("{actor} đã xác minh bên mua {target}."), actor=e.actor, target=e.target),
        detail_lines(e.details),
    )


def buyer_reject(e: Event) -> Told:
    return Told(
        say(_("{actor} đã không xác minh bên mua {target}."), actor=e.actor, target=e.target),
        detail_lines(e.details),
    )


def demand_create(e: Event) -> Told:
    return Told(say(_("{actor} đã đăng nhu cầu thu mua {target}."), actor=e.actor, target=e.target))


def demand_close(e: Event) -> Told:
    return Told(say(_("{actor} đã đóng nhu cầu thu mua {target}."), actor=e.actor, target=e.target))


def demand_shortlist(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm {product} vào danh sách chọn của nhu cầu {target}."),
            actor=e.actor,
            product=plain("product", e.details.get("product")),
            target=e.target,
        )
    )


def demand_unshortlist(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã bỏ {product} khỏi danh sách chọn của nhu cầu {target}."),
            actor=e.actor,
            product=plain("product", e.details.get("product")),
            target=e.target,
        )
    )


def offer_create(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã chào {product} cho nhu cầu {demand} ({target})."),
            actor=e.actor,
            product=plain("product", e.details.get("product")),
            demand=plain("demand", e.details.get("demand")),
            target=e.target,
        ),
        detail_lines({"price_vnd": e.details.get("price_vnd")}),
    )


def batch_create(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã tạo lô {lot} ({target})."),
            actor=e.actor,
            lot=plain("lot", e.details.get("lot")),
            target=e.target,
        )
    )


def shipment_record(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã ghi chuyến xuất {quantity} của lô {lot} ({target}) đến {destination}."),
            actor=e.actor,
            quantity=plain("quantity", e.details.get("quantity")),
            lot=plain("lot", e.details.get("lot")),
            target=e.target,
            destination=plain("destination", e.details.get("destination")),
        )
    )


def shipment_receive(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã ghi nhận {quantity} của lô {lot} ({target}) đã đến {destination}."),
            actor=e.actor,
            quantity=plain("quantity", e.details.get("quantity")),
            lot=plain("lot", e.details.get("lot")),
            target=e.target,
            destination=plain("destination", e.details.get("destination")),
        )
    )


def stamps_issue(e: Event) -> Told:
    overridden = e.details.get("overridden_warning")
    template = (
        _("{actor} đã phát hành {count} tem cho lô {lot} ({target}), bỏ qua cảnh báo về giấy chứng nhận.")
        if overridden
        else _("{actor} đã phát hành {count} tem cho lô {lot} ({target}).")
    )
    return Told(
        say(
            template,
            actor=e.actor,
            count=plain("count", e.details.get("count")),
            lot=plain("lot", e.details.get("lot")),
            target=e.target,
        ),
        [(str(_("Cảnh báo đã bỏ qua")), plain("overridden_warning", overridden))] if overridden else [],
    )


def batch_update(e: Event) -> Told:
    sentence = say(
        _("{actor} đã sửa lô {lot} ({target})."),
        actor=e.actor,
        lot=plain("lot", e.details.get("lot")),
        target=e.target,
    )
    return Told(sentence, e.change_lines())


def stamp_sheet_request(e: Event) -> Told:
    overridden = e.details.get("overridden_warning")
    template = (
        _(
            "{actor} đã yêu cầu phát hành {count} tem và làm tệp in cho lô {lot} ({target}), "
            "bỏ qua cảnh báo về giấy chứng nhận."
        )
        if overridden
        else _("{actor} đã yêu cầu phát hành {count} tem và làm tệp in cho lô {lot} ({target}).")
    )
    return Told(
        say(
            template,
            actor=e.actor,
            count=plain("count", e.details.get("count")),
            lot=plain("lot", e.details.get("lot")),
            target=e.target,
        ),
        [(str(_("Cảnh báo đã bỏ qua")), plain("overridden_warning", overridden))] if overridden else [],
    )


def stamp_sheet_redraw(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã làm lại tệp in {count} tem đã phát hành của lô {lot} ({target})."),
            actor=e.actor,
            count=plain("count", e.details.get("count")),
            lot=plain("lot", e.details.get("lot")),
            target=e.target,
        )
    )


def stamp_sheet_retry(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã cho làm lại tệp tem không thành công của lô {lot} ({target})."),
            actor=e.actor,
            lot=plain("lot", e.details.get("lot")),
            target=e.target,
        ),
        [(str(_("Lỗi lần trước")), plain("error", e.details.get("error")))],
    )


def alert_resolve(e: Event) -> Told:
    return Told(
        say(_("{actor} đã đánh dấu cảnh báo hàng giả {target} là đã xử lý."), actor=e.actor, target=e.target)
    )


def sales_point_create(e: Event) -> Told:
    return Told(say(_("{actor} đã thêm điểm bán {target}."), actor=e.actor, target=e.target))


def sales_point_update(e: Event) -> Told:
    return Told(
        say(_("{actor} đã sửa điểm bán {target}."), actor=e.actor, target=e.target), detail_lines(e.details)
    )


def sales_point_product_add(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã thêm sản phẩm {product} vào điểm bán {target}."),
            actor=e.actor,
            product=plain("product_name", e.details.get("product_name")),
            target=e.target,
        )
    )


def sales_point_product_remove(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã bỏ sản phẩm {product} khỏi điểm bán {target}."),
            actor=e.actor,
            product=plain("product_name", e.details.get("product_name")),
            target=e.target,
        )
    )


def sales_point_photo_add(e: Event) -> Told:
    return Told(say(_("{actor} đã thêm ảnh cho điểm bán {target}."), actor=e.actor, target=e.target))


def sales_point_transition(e: Event) -> Told:
    return Told(
        say(
            _("{actor} đã chuyển điểm bán {target} từ “{before}” sang “{after}”."),
            actor=e.actor,
            target=e.target,
            before=plain("from", e.details.get("from")),
            after=plain("to", e.details.get("to")),
        )
    )


@dataclass(frozen=True)
class Action:
    """A recorded action: its name in the log's filter, and the function that tells one event of it."""

    name: str | Promise
    tell: Callable[[Event], Told]


ACTIONS: dict[str, Action] = {
    "user.create": Action(gettext_lazy("Tạo tài khoản"), user_create),
    "user.update": Action(gettext_lazy("Sửa tài khoản"), user_update),
    "user.deactivate": Action(gettext_lazy("Khóa tài khoản"), user_deactivate),
    "user.reactivate": Action(gettext_lazy("Mở lại tài khoản"), user_reactivate),
    "user.admin_create": Action(gettext_lazy("Tạo tài khoản trong trang quản trị"), user_admin_create),
    "user.admin_change": Action(gettext_lazy("Sửa tài khoản trong trang quản trị"), user_admin_change),
    "user.demo_create": Action(gettext_lazy("Tạo tài khoản mẫu"), user_demo_create),
    "user.demo_restore": Action(gettext_lazy("Khôi phục tài khoản mẫu"), user_demo_restore),
    "user.password_change": Action(gettext_lazy("Đổi mật khẩu"), user_password_change),
    "user.password_reset_request": Action(
        gettext_lazy("Yêu cầu đặt lại mật khẩu"), user_password_reset_request
    ),
    "user.password_reset": Action(gettext_lazy("Đặt lại mật khẩu"), user_password_reset),
    "units.load": Action(gettext_lazy("Nạp danh mục đơn vị hành chính"), units_load),
    "producer.create": Action(gettext_lazy("Thêm chủ thể"), producer_create),
    "producer.update": Action(gettext_lazy("Sửa chủ thể"), producer_update),
    "producer.member_add": Action(gettext_lazy("Thêm tài khoản vào chủ thể"), producer_member_add),
    "product.create": Action(gettext_lazy("Thêm sản phẩm"), product_create),
    "product.update": Action(gettext_lazy("Sửa sản phẩm"), product_update),
    "product_image.add": Action(gettext_lazy("Thêm ảnh sản phẩm"), product_image_add),
    "product_image.remove": Action(gettext_lazy("Xóa ảnh sản phẩm"), product_image_remove),
    "product_image.move": Action(gettext_lazy("Đổi thứ tự ảnh sản phẩm"), product_image_move),
    "certificate.add": Action(gettext_lazy("Thêm giấy chứng nhận"), certificate_add),
    "certificate.revoke": Action(gettext_lazy("Thu hồi giấy chứng nhận"), certificate_revoke),
    "recognitions.import": Action(gettext_lazy("Nhập tệp công nhận"), recognitions_import),
    "import_batch.transition": Action(gettext_lazy("Chuyển trạng thái lượt nhập"), import_batch_transition),
    "agreements.import": Action(gettext_lazy("Nhập tệp thỏa thuận kết nối"), agreements_import),
    "agreements.import_refused": Action(
        gettext_lazy("Tệp thỏa thuận kết nối bị từ chối"), agreements_import_refused
    ),
    "targets.create": Action(gettext_lazy("Đặt mục tiêu"), target_create),
    "targets.update": Action(gettext_lazy("Sửa mục tiêu"), target_update),
    "targets.delete": Action(gettext_lazy("Xóa mục tiêu"), target_delete),
    "targets.figure": Action(gettext_lazy("Ghi số liệu mục tiêu"), target_figure),
    "targets.import": Action(gettext_lazy("Nhập tệp mục tiêu"), targets_import),
    "connection_event.create": Action(gettext_lazy("Tạo hội nghị kết nối"), connection_event_create),
    "connection_event.participants": Action(
        gettext_lazy("Cập nhật thành phần hội nghị kết nối"), connection_event_participants
    ),
    "meeting.record": Action(gettext_lazy("Ghi cuộc gặp giao thương"), meeting_record),
    "agreement.record": Action(gettext_lazy("Ghi biên bản ghi nhớ, hợp đồng"), agreement_record),
    "delivery.record": Action(gettext_lazy("Ghi giá trị đã giao"), delivery_record),
    "agreement.answer": Action(gettext_lazy("Chủ thể trả lời văn bản do bên mua ghi"), agreement_answer),
    "agreement.status": Action(gettext_lazy("Chuyển trạng thái biên bản, hợp đồng"), agreement_status),
    "demo.load": Action(gettext_lazy("Nạp sổ đăng ký mẫu"), demo_load),
    "demo.evaluation_step": Action(gettext_lazy("Nạp bước mẫu của hồ sơ đánh giá"), demo_evaluation_step),
    "rubric.load": Action(gettext_lazy("Nạp bộ tiêu chí"), rubric_load),
    "rubric.draft_create": Action(gettext_lazy("Tạo bản nháp bộ tiêu chí"), rubric_draft_create),
    "rubric.option_update": Action(gettext_lazy("Sửa phương án"), rubric_option_update),
    "rubric.criterion_update": Action(gettext_lazy("Sửa tiêu chí"), rubric_criterion_update),
    "rubric.publish": Action(gettext_lazy("Ban hành bộ tiêu chí"), rubric_publish),
    "self_assessment.create": Action(gettext_lazy("Lưu bản tự đánh giá"), self_assessment_create),
    "dossier.create": Action(gettext_lazy("Lập hồ sơ"), dossier_create),
    "dossier.update": Action(gettext_lazy("Sửa phiếu đăng ký"), dossier_update),
    "dossier.answers_update": Action(gettext_lazy("Sửa phiếu tự đánh giá của hồ sơ"), dossier_answers_update),
    "dossier.evidence_add": Action(gettext_lazy("Thêm minh chứng"), dossier_evidence_add),
    "dossier.evidence_remove": Action(gettext_lazy("Bỏ minh chứng"), dossier_evidence_remove),
    "dossier.transition": Action(gettext_lazy("Chuyển bước hồ sơ"), dossier_transition),
    "council.round_open": Action(gettext_lazy("Mở đợt đánh giá"), council_round_open),
    "council.round_assign": Action(gettext_lazy("Đưa hồ sơ vào đợt đánh giá"), council_round_assign),
    "council.form": Action(gettext_lazy("Lập hội đồng"), council_form),
    "council.session_open": Action(gettext_lazy("Mở phiên chấm"), council_session_open),
    "council.session_attendance": Action(gettext_lazy("Sửa danh sách có mặt"), council_session_attendance),
    "council.session_close": Action(gettext_lazy("Khóa phiên chấm"), council_session_close),
    "council.score_submit": Action(gettext_lazy("Nộp phiếu chấm"), council_score_submit),
    "council.decision": Action(gettext_lazy("Ra quyết định về hồ sơ"), council_decision),
    "buyer.register": Action(gettext_lazy("Đăng ký bên mua"), buyer_register),
    "buyer.verify": Action(gettext_lazy("Xác minh bên mua"), buyer_verify),
    "buyer.reject": Action(gettext_lazy("Không xác minh bên mua"), buyer_reject),
    "demand.create": Action(gettext_lazy("Đăng nhu cầu thu mua"), demand_create),
    "demand.close": Action(gettext_lazy("Đóng nhu cầu thu mua"), demand_close),
    "demand.shortlist": Action(gettext_lazy("Thêm vào danh sách chọn"), demand_shortlist),
    "demand.unshortlist": Action(gettext_lazy("Bỏ khỏi danh sách chọn"), demand_unshortlist),
    "offer.create": Action(gettext_lazy("Gửi chào hàng"), offer_create),
    "batch.create": Action(gettext_lazy("Tạo lô sản phẩm"), batch_create),
    "stamps.issue": Action(gettext_lazy("Phát hành tem"), stamps_issue),
    "batch.update": Action(gettext_lazy("Sửa lô sản phẩm"), batch_update),
    "shipment.record": Action(gettext_lazy("Ghi chuyến xuất hàng"), shipment_record),
    "shipment.receive": Action(gettext_lazy("Ghi nhận hàng đã đến"), shipment_receive),
    "stamp_sheet.request": Action(gettext_lazy("Yêu cầu phát hành tem"), stamp_sheet_request),
    "stamp_sheet.redraw": Action(gettext_lazy("Làm lại tệp in tem"), stamp_sheet_redraw),
    "stamp_sheet.retry": Action(gettext_lazy("Làm lại tệp tem không thành công"), stamp_sheet_retry),
    "alert.resolve": Action(gettext_lazy("Xử lý cảnh báo hàng giả"), alert_resolve),
    "sales_point.create": Action(gettext_lazy("Thêm điểm bán"), sales_point_create),
    "sales_point.update": Action(gettext_lazy("Sửa điểm bán"), sales_point_update),
    "sales_point.product_add": Action(gettext_lazy("Thêm sản phẩm bày bán"), sales_point_product_add),
    "sales_point.product_remove": Action(gettext_lazy("Bỏ sản phẩm bày bán"), sales_point_product_remove),
    "sales_point.photo_add": Action(gettext_lazy("Thêm ảnh điểm bán"), sales_point_photo_add),
    "sales_point.transition": Action(
        gettext_lazy("Chuyển trạng thái công nhận điểm bán"), sales_point_transition
    ),
}


def unknown(e: Event) -> Told:
    """An action without words of its own: who, what, to which object, and its details line by line."""
    return Told(
        say(_("{actor}: {action} {target}."), actor=e.actor, action=e.event.action, target=e.target),
        detail_lines(e.details),
    )
