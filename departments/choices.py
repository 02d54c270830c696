from django.db import models


class UnitNature(models.TextChoices):
    ADMINISTRATIVE = "administrative", "行政单位"
    CIVIL_SERVANT_MANAGED = "civil_servant_managed", "参照公务员法管理事业单位"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    OTHER = "other", "其他"


class FundingType(models.TextChoices):
    FULL = "full", "全额拨款"
    PARTIAL = "partial", "差额拨款"
    SELF_FUNDED = "self_funded", "自收自支"


class StaffingType(models.TextChoices):
    ADMINISTRATIVE = "administrative", "行政"
    INSTITUTIONAL = "institutional", "事业"
