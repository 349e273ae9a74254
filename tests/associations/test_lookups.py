import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from associations.lookups import In
from associations.models import Association

pytestmark = pytest.mark.django_db


def test_in_finds_the_rows_listed_and_nothing_for_an_empty_list(make_association):
    kept = make_association("Gardée")
    make_association("Écartée")
    assert list(Association.objects.filter(In(F("pk"), [kept.pk, None]))) == [kept]
    assert list(Association.objects.filter(In(F("pk"), []))) == []
    assert list(Association.objects.exclude(In(F("pk"), [kept.pk]))) == [
        Association.objects.get(name="Écartée")
    ]


@pytest.mark.postgres
def test_in_sends_postgresql_one_array_whatever_the_number_of_values(make_association):
    kept = make_association("Gardée")
    with CaptureQueriesContext(connection) as queries:
        found = list(Association.objects.filter(In(F("pk"), [kept.pk, *range(-1000, 0)])))
    assert found == [kept]
    assert "= ANY(" in queries[0]["sql"]
    assert " IN (" not in queries[0]["sql"]
