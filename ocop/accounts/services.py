"""Opening, editing, closing and reopening accounts, and their passwords; each change writes its audit
event in the same transaction."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ocop.accounts.access import can_create_user, can_manage_user
from ocop.accounts.models import User
from ocop.core.services import audit_record
from ocop.geo.models import AdministrativeUnit


def _unit_details(unit: AdministrativeUnit | None) -> dict[str, object]:
    return {"unit_code": unit.code, "unit_level": unit.level} if unit else {"unit_code": None}


@transaction.atomic
def user_create(
    *,
    acting_user: User,
    email: str,
    full_name: str,
    role: str,
    unit: AdministrativeUnit | None = None,
    phone: str = "",
    organisation_name: str = "",
    password: str | None = None,
) -> User:
    """Open an account. Without a password the account cannot sign in until one is set."""
    if not can_create_user(acting_user, role=role, unit=unit):
        raise PermissionDenied
    user = User(
        email=User.objects.normalize_email(email).strip().lower(),
        full_name=full_name.strip(),
        role=role,
        unit=unit,
        phone=phone.strip(),
        organisation_name=organisation_name.strip(),
    )
    user.set_password(password)  # None makes the password unusable
    user.full_clean()
    user.save()
    audit_record(
        actor=acting_user,
        action="user.create",
        target=user,
        details={"role": role, **_unit_details(unit)},
        province_code=user.province_code,
    )
    return user


def _set_active(*, acting_user: User, user: User, active: bool) -> User:
    if not can_manage_user(acting_user, user):
        raise PermissionDenied
    # Lock the row so two officers pressing the button at once record one change, not two.
    locked = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=user.pk)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    audit_record(
        actor=acting_user,
        action="user.reactivate" if active else "user.deactivate",
        target=locked,
        details={"role": locked.role},
        province_code=locked.province_code,
    )
    return locked


@transaction.atomic
def user_deactivate(*, acting_user: User, user: User) -> User:
    """Close an account: it can no longer sign in, and open sessions stop working at the next request."""
    return _set_active(acting_user=acting_user, user=user, active=False)


@transaction.atomic
def user_reactivate(*, acting_user: User, user: User) -> User:
    return _set_active(acting_user=acting_user, user=user, active=True)


def _recorded(value: object) -> object:
    if isinstance(value, AdministrativeUnit):
        return value.code
    return value


@transaction.atomic
def user_update(
    *,
    acting_user: User,
    user: User,
    full_name: str,
    phone: str,
    organisation_name: str,
    role: str,
    unit: AdministrativeUnit | None,
) -> User:
    """Change someone's account; the audit event holds each changed field, before and after (a unit by
    its code). The e-mail address is how they sign in, so it is not among what an officer changes.

    The officer must manage the account as it is (``can_manage_user``) and could open it as it becomes
    (``can_create_user``): nobody moves an account out of their reach or into a role they cannot give.
    """
    if not can_manage_user(acting_user, user) or not can_create_user(acting_user, role=role, unit=unit):
        raise PermissionDenied
    locked = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=user.pk)
    if not can_manage_user(acting_user, locked):  # changed since the caller read it
        raise PermissionDenied
    wanted = {
        "full_name": full_name.strip(),
        "phone": phone.strip(),
        "organisation_name": organisation_name.strip(),
        "role": role,
        "unit": unit,
    }
    changes = {
        name: [_recorded(getattr(locked, name)), _recorded(value)]
        for name, value in wanted.items()
        if getattr(locked, name) != value
    }
    if not changes:
        return locked
    for name in changes:
        setattr(locked, name, wanted[name])
    locked.full_clean()
    locked.save(update_fields=list(changes))
    audit_record(
        actor=acting_user,
        action="user.update",
        target=locked,
        details={"changes": changes},
        province_code=locked.province_code,
    )
    return locked


def _password_set(user: User, password: str, *, action: str) -> User:
    locked = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=user.pk)
    locked.set_password(password)
    locked.save(update_fields=["password"])
    audit_record(actor=locked, action=action, target=locked, province_code=locked.province_code)
    return locked


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """Set the password ``user`` chose, signed in and having typed the old one (the caller checked it)."""
    return _password_set(user, password, action="user.password_change")


@transaction.atomic
def password_reset_request(*, users: Iterable[User], client_address: str) -> None:
    """Record that a reset link is being mailed to each of ``users`` (none when the address has no
    active account: the page answers the same, and the log does not fill with strangers' guesses)."""
    for user in users:
        audit_record(
            actor=None,
            action="user.password_reset_request",
            target=user,
            details={"client_address": client_address},
            province_code=user.province_code,
        )


@transaction.atomic
def password_reset(*, user: User, password: str) -> User:
    """Set the password ``user`` chose through a reset link: whoever holds the link reads the mailbox of
    the account, so they act as its owner (the caller checked the link's token)."""
    return _password_set(user, password, action="user.password_reset")


@transaction.atomic
def demo_user_ensure(
    *,
    email: str,
    full_name: str,
    role: str,
    unit: AdministrativeUnit | None,
    organisation_name: str,
    password: str,
    is_staff: bool = False,
) -> tuple[User, bool]:
    """Create or restore one demo account as described; ``True`` when anything had to change.

    Only the ``load_demo_users`` command calls this: it is trusted, so there is no acting user and no
    scope check; the audit event has no actor.
    """
    user = User.objects.select_for_update().filter(email=email).first()
    created = user is None
    if user is None:
        user = User(email=email)
    wanted = {
        "full_name": full_name,
        "role": role,
        "unit": unit,
        "organisation_name": organisation_name,
        "is_staff": is_staff,
        "is_active": True,
    }
    changed_fields = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed_fields:
        setattr(user, name, wanted[name])
    if not user.check_password(password):
        user.set_password(password)
        changed_fields.append("password")
    if not created and not changed_fields:
        return user, False
    user.full_clean()
    user.save()
    audit_record(
        actor=None,
        action="user.demo_create" if created else "user.demo_restore",
        target=user,
        details={"role": role} if created else {"role": role, "changed": changed_fields},
        province_code=user.province_code,
    )
    return user, True
