import pytest

from departments.models import Region

from .generate import generate_departments


@pytest.fixture
def district(demo):
    """The demo region with 50 generated departments besides the demo's two."""
    region = Region.objects.get(name="长沙市天心区")
    generate_departments(50, region=region)
    return region
