import datetime

import pytest
from django.utils import timezone

from accounts.models import Membership
from associations.models import Closure, Public, Referent, ServicePublic
from network.models import BoardAnswer, BoardPost, Meeting


@pytest.fixture
def everything(make_association, make_member, agent):
    """One association with a row of everything a page can show."""
    association = make_association("Les Paniers", website="https://x.org/", email="a@b.org")
    other = make_association("L'Alma", slug="alma")
    place = association.places.get()
    place.latitude, place.longitude = 50.69, 3.18
    place.save()
    service = association.services.get()
    service.is_free, service.fee_details = False, "2 €"
    service.save()
    ServicePublic.objects.create(service=service, public=Public.objects.first())
    ServicePublic.objects.create(service=service, public=Public.objects.last(), is_public=False)
    Referent.objects.create(association=association, name="R", is_public=True)
    Referent.objects.create(association=association, name="S", is_public=False)
    today = timezone.localdate()
    Closure.objects.create(
        association=association, starts_on=today, ends_on=today + datetime.timedelta(days=30)
    )
    member = make_member(association, role=Membership.Role.MANAGER)
    post = BoardPost.objects.create(
        association=association,
        author=member,
        kind=BoardPost.Kind.NEED,
        category=BoardPost.Category.PREMISES,
        title="T",
        body="B",
        ends_on=today + datetime.timedelta(days=30),
    )
    BoardAnswer.objects.create(post=post, association=other, body="A")
    Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=3), host=association)
    Meeting.objects.create(starts_at=timezone.now() - datetime.timedelta(days=3), host=other)
    return association, member, agent
