"""The two working roles, as auth groups created by a data migration."""

FILLER_GROUP = "填报人"
REVIEWER_GROUP = "审核人"
