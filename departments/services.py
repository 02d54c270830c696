"""Writes of a department's yearly profile. Every change to section 一 1's profile data goes through
``profile_section_save`` (one write path; the section save records its audit events).
"""

from django.db import models, transaction

from .models import Department, DepartmentProfile, InternalDivision, LeadershipPost

PROFILE_FIELDS = ("staffing_type", "staff_quota", "staff_actual", "staff_noun", "staff_excess_reason", "duties")
PROFILE_TEXT_FIELDS = ("staffing_type", "staff_noun", "staff_excess_reason", "duties")


def ordered_rows_replace(
    *,
    model: type[models.Model],
    parent_field: str,
    parent: models.Model,
    rows: list[dict],
    fields: tuple[str, ...],
    identity_fields: tuple[str, ...] = (),
) -> list[models.Model]:
    """Make the ordered children of ``parent`` equal ``rows`` (each a dict of ``fields``, ``id`` optional).

    A row whose ``id`` names one of this parent's children updates it; any other row is created;
    children not named are deleted. Ids of other parents are ignored (a tampered form cannot reach
    them). A child whose ``identity_fields`` change is replaced, so a unique key can move between
    rows (e.g. two lines swapping categories). Each row is ``full_clean``-ed before saving.
    """
    existing = {child.pk: child for child in model.objects.filter(**{parent_field: parent})}
    kept = {}
    for row in rows:
        child = existing.get(row.get("id"))
        if child is None or child.pk in kept:
            continue
        if any(_value(getattr(child, f)) != _value(row.get(f)) for f in identity_fields):
            continue
        kept[child.pk] = child
    stale = [pk for pk in existing if pk not in kept]
    if stale:
        model.objects.filter(pk__in=stale).delete()

    used = set()
    saved = []
    for order, row in enumerate(rows, start=1):
        child = kept.get(row.get("id")) if row.get("id") not in used else None
        if child is None:
            child = model(**{parent_field: parent})
        else:
            used.add(child.pk)
        values = {"order": order, **{f: row.get(f) for f in fields}}
        changed = child._state.adding or any(getattr(child, f) != v for f, v in values.items())
        for field, value in values.items():
            setattr(child, field, value)
        if changed:
            child.full_clean()
            child.save()
        saved.append(child)
    return saved


def _value(value):
    return getattr(value, "pk", value)


def profile_get_or_create(*, department: Department, fiscal_year_id: int) -> DepartmentProfile:
    profile = DepartmentProfile.objects.filter(department=department, fiscal_year_id=fiscal_year_id).first()
    if profile is None:
        profile = DepartmentProfile(department=department, fiscal_year_id=fiscal_year_id)
        profile.full_clean()
        profile.save()
    return profile


@transaction.atomic
def profile_section_save(
    *, department: Department, fiscal_year_id: int, profile: dict, posts: list[dict], divisions: list[dict]
) -> DepartmentProfile:
    """Save the profile of 一 1 with its 领导职数 and 内设机构 rows (all or nothing)."""
    record = profile_get_or_create(department=department, fiscal_year_id=fiscal_year_id)
    for field in PROFILE_FIELDS:
        if field in profile:
            value = profile[field]
            if field in PROFILE_TEXT_FIELDS and value is None:
                value = ""
            setattr(record, field, value)
    if not record.staff_noun:
        record.staff_noun = DepartmentProfile._meta.get_field("staff_noun").default
    record.full_clean()
    record.save()
    ordered_rows_replace(
        model=LeadershipPost, parent_field="profile", parent=record, rows=posts, fields=("title", "count")
    )
    ordered_rows_replace(
        model=InternalDivision, parent_field="profile", parent=record, rows=divisions, fields=("name",)
    )
    return record


@transaction.atomic
def profile_copy(*, department: Department, from_year: int, to_year: int) -> DepartmentProfile:
    """Start ``to_year``'s profile from ``from_year``'s: texts and lists, not head counts.

    编制数 and 实有在职人数 are figures of the year and are left for the user to fill in. Lists are
    copied only into an empty profile, so nothing already entered is overwritten.
    """
    target = profile_get_or_create(department=department, fiscal_year_id=to_year)
    source = (
        DepartmentProfile.objects.filter(department=department, fiscal_year_id=from_year)
        .prefetch_related("leadership_posts", "divisions")
        .first()
    )
    if source is None:
        return target
    for field in ("staffing_type", "staff_noun", "duties"):
        if not getattr(target, field):
            setattr(target, field, getattr(source, field))
    target.full_clean()
    target.save()
    if not target.leadership_posts.exists():
        ordered_rows_replace(
            model=LeadershipPost,
            parent_field="profile",
            parent=target,
            rows=[{"title": p.title, "count": p.count} for p in source.leadership_posts.all()],
            fields=("title", "count"),
        )
    if not target.divisions.exists():
        ordered_rows_replace(
            model=InternalDivision,
            parent_field="profile",
            parent=target,
            rows=[{"name": d.name} for d in source.divisions.all()],
            fields=("name",),
        )
    return target
