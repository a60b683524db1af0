import pytest

from forty2.incidents import services
from tests.ai_systems import manager, system  # noqa: F401 (fixtures)


@pytest.fixture
def channel_on(manager):  # noqa: F811 (the imported fixture)
    return services.set_channel(manager, enabled=True)
