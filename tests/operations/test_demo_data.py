"""The demo directory (fixtures/demo.json): fictional, complete enough to show every rule, removable."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Membership
from associations import edits
from associations.models import (
    AidType,
    Association,
    Closure,
    OpeningSlot,
    Place,
    Public,
    Quartier,
    Referent,
    Service,
    ServicePublic,
)
from ccas.models import ReceptionDesk
from operations.demo import DEMO_FIXTURE, DEMO_PASSWORD, DemoDataError, delete_demo, load_demo

from ..directory import ASSOCIATION_MODELS

pytestmark = pytest.mark.django_db

# Any day will do: every date of the demo is relative to the day it is loaded.
TODAY = datetime.date(2027, 6, 15)
FICTIONAL_PHONE = re.compile(r"^0(1 99 00|6 39 98)( \d\d){2}$")
DEMO_USERNAMES = ["admin", "agent", "benevole", "benevole2"]


@pytest.fixture
def demo():
    return load_demo(today=TODAY)


@pytest.fixture(scope="class")
def shared_demo(django_db_setup, django_db_blocker):
    """The demo loaded once for a class of tests that only read it, and deleted after them."""
    with django_db_blocker.unblock():
        loaded = load_demo(today=TODAY)
    yield loaded
    with django_db_blocker.unblock():
        delete_demo()


def demo_services():
    return Service.objects.filter(association__is_demo=True)


def directory_counts():
    return {
        model.__name__: model.objects.count() for model in (*ASSOCIATION_MODELS, get_user_model())
    }


@pytest.mark.usefixtures("shared_demo")
class TestDemoContent:
    def test_demo_loads_fifteen_associations_marked_as_demo(self, shared_demo):
        assert len(shared_demo.associations) == 15
        assert Association.objects.filter(is_demo=True).count() == 15

    def test_demo_association_names_say_they_are_fictional(self):
        for association in Association.objects.all():
            assert association.name.endswith("(démo)")

    def test_demo_phone_numbers_are_in_the_ranges_reserved_for_fiction(self):
        phones = [a.phone for a in Association.objects.all()]
        phones += [r.phone for r in Referent.objects.all()]
        assert all(FICTIONAL_PHONE.match(phone) for phone in phones if phone)

    def test_demo_email_addresses_and_websites_are_on_example_org(self):
        emails = [a.email for a in Association.objects.all()]
        emails += [r.email for r in Referent.objects.all()]
        assert all(email.endswith("@example.org") for email in emails if email)
        websites = [a.website for a in Association.objects.exclude(website="")]
        assert websites
        assert all(website.startswith("https://example.org/") for website in websites)

    def test_demo_places_are_in_roubaix(self):
        for place in Place.objects.all():
            assert (place.postal_code, place.city) == ("59100", "Roubaix")
            assert Decimal("50.66") <= place.latitude <= Decimal("50.71")
            assert Decimal("3.14") <= place.longitude <= Decimal("3.21")

    def test_demo_spreads_over_most_quartiers(self):
        used = Quartier.objects.filter(places__association__is_demo=True).distinct().count()
        assert used >= 15

    def test_demo_uses_every_type_of_aid(self):
        used = set(demo_services().values_list("aid_type__slug", flat=True))
        assert used == set(AidType.objects.values_list("slug", flat=True))

    def test_demo_maraude_has_no_place(self):
        maraudes = demo_services().filter(aid_type__slug="maraude")
        assert maraudes.exists()
        assert not maraudes.filter(place__isnull=False).exists()

    def test_demo_uses_every_access_condition(self):
        used = set(demo_services().values_list("access", flat=True))
        assert used == set(Service.Access.values)

    def test_demo_welcomes_every_public(self):
        used = set(
            ServicePublic.objects.filter(service__association__is_demo=True).values_list(
                "public__slug", flat=True
            )
        )
        assert used == set(Public.objects.values_list("slug", flat=True))

    def test_demo_shows_sans_papiers_help_publicly_for_some_and_to_the_ccas_only_for_others(self):
        links = ServicePublic.objects.filter(public__slug="sans-papiers")
        public = set(links.filter(is_public=True).values_list("service__association", flat=True))
        ccas_only = set(
            links.filter(is_public=False).values_list("service__association", flat=True)
        )
        assert len(public) >= 2
        assert len(ccas_only) >= 2
        assert not public & ccas_only

    def test_demo_has_free_and_paid_services(self):
        assert demo_services().filter(is_free=True).exists()
        paid = demo_services().filter(is_free=False)
        assert paid.count() >= 3
        assert not paid.filter(fee_details="").exists()

    def test_demo_epicerie_asks_a_share_of_the_price(self):
        epicerie = demo_services().get(aid_type__slug="epicerie")
        assert not epicerie.is_free
        assert "%" in epicerie.fee_details

    def test_demo_services_ask_for_documents(self):
        with_documents = [s for s in demo_services() if len(s.document_list) >= 2]
        assert len(with_documents) >= 3

    def test_demo_services_restrict_some_zones(self):
        assert demo_services().exclude(zone="").count() >= 2
        assert demo_services().filter(zone="").exists()

    def test_demo_volunteers_speak_several_languages(self):
        used = set(demo_services().values_list("languages__slug", flat=True)) - {None}
        assert len(used) >= 6
        assert any(service.languages.count() >= 3 for service in demo_services())

    def test_demo_has_several_slots_on_the_same_day_for_a_service(self):
        days = OpeningSlot.objects.values_list("service", "weekday")
        assert len(days) > len(set(days))

    def test_demo_has_first_and_third_week_and_last_week_slots(self):
        weeks = [slot.weeks_of_month for slot in OpeningSlot.objects.all()]
        assert [1, 3] in weeks
        assert [-1] in weeks

    def test_demo_has_a_seasonal_campaign_in_progress_and_hours_that_follow_it(self):
        campaign = OpeningSlot.objects.filter(valid_from__lte=TODAY, valid_until__gte=TODAY)
        assert campaign.exists()
        after = OpeningSlot.objects.filter(
            service__in=campaign.values("service"), valid_from__gt=TODAY, valid_until__isnull=True
        )
        assert after.exists()

    def test_demo_has_seasonal_hours_still_to_come(self):
        assert OpeningSlot.objects.filter(valid_from__gt=TODAY, valid_until__isnull=False).exists()

    def test_demo_has_an_association_wide_closure_in_progress(self):
        assert Closure.objects.filter(
            service__isnull=True, starts_on__lte=TODAY, ends_on__gte=TODAY
        ).exists()

    def test_demo_has_a_service_closure_to_come(self):
        assert Closure.objects.filter(service__isnull=False, starts_on__gt=TODAY).exists()

    def test_demo_uses_every_holiday_policy(self):
        used = set(Association.objects.values_list("holiday_policy", flat=True))
        assert used == set(Association.HolidayPolicy.values)

    def test_demo_uses_every_habilitation(self):
        used = set(Association.objects.values_list("habilitation", flat=True))
        assert used == set(Association.Habilitation.values)

    def test_demo_has_associations_of_several_networks_and_independent_ones(self):
        networks = set(Association.objects.exclude(network=None).values_list("network", flat=True))
        assert len(networks) >= 4
        assert Association.objects.filter(network=None).count() >= 4

    def test_demo_has_associations_with_several_places(self):
        several = [a for a in Association.objects.all() if a.places.count() >= 2]
        assert len(several) >= 2

    def test_demo_has_public_and_ccas_only_referents(self):
        assert Referent.objects.filter(is_public=True).exists()
        assert Referent.objects.filter(is_public=False).exists()

    def test_demo_keeps_internal_notes_for_the_ccas_on_some_associations(self):
        noted = Association.objects.exclude(internal_notes="")
        assert noted.count() >= 3
        assert noted.filter(internal_notes__icontains="ne pas diffuser").exists()
        assert Association.objects.filter(internal_notes="").exists()

    def test_demo_has_one_or_two_unpublished_associations(self):
        assert Association.objects.filter(is_published=False).count() in (1, 2)

    def test_demo_has_associations_whose_information_is_stale(self):
        stale = Association.objects.stale(TODAY)
        assert stale.filter(last_checked_on__isnull=False).count() >= 2

    def test_demo_has_an_association_never_checked(self):
        assert Association.objects.filter(last_checked_on__isnull=True).count() == 1

    def test_demo_has_a_fictitious_ccas_reception_with_hours(self):
        desk = ReceptionDesk.objects.get()
        assert desk.is_demo
        assert desk.name.endswith("(démo)")
        assert FICTIONAL_PHONE.match(desk.phone)
        assert desk.email.endswith("@example.org")
        assert desk.slots.count() >= 5

    def test_published_demo_association_pages_show(self, client):
        for association in Association.objects.filter(is_published=True):
            response = client.get(association.get_absolute_url())
            assert response.status_code == 200
            assert association.name in response.content.decode()

    def test_demo_creates_a_superuser_admin(self):
        admin = get_user_model().objects.get(username="admin")
        assert admin.is_superuser
        assert admin.is_staff

    def test_demo_creates_a_ccas_agent_in_the_agent_group(self):
        agent = get_user_model().objects.get(username="agent")
        assert agent.is_staff
        assert not agent.is_superuser
        assert list(agent.groups.values_list("name", flat=True)) == ["Agent CCAS"]

    def test_demo_volunteers_are_members_of_different_associations_and_not_staff(self):
        manager = Membership.objects.get(user__username="benevole")
        volunteer = Membership.objects.get(user__username="benevole2")
        assert manager.role == Membership.Role.MANAGER
        assert volunteer.role == Membership.Role.VOLUNTEER
        assert manager.association != volunteer.association
        assert manager.association.is_demo and volunteer.association.is_demo
        assert not manager.user.is_staff
        assert not volunteer.user.is_staff

    def test_demo_accounts_share_the_documented_password(self):
        accounts = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
        assert sorted(user.username for user in accounts) == sorted(DEMO_USERNAMES)
        assert all(user.check_password(DEMO_PASSWORD) for user in accounts)


def test_demo_dates_are_relative_to_the_day_of_loading():
    later = datetime.timedelta(days=100)
    load_demo(today=TODAY)
    before = sorted(Closure.objects.values_list("starts_on", flat=True))
    load_demo(today=TODAY + later)
    after = sorted(Closure.objects.values_list("starts_on", flat=True))
    assert after == [day + later for day in before]


def test_reloading_the_demo_replaces_it_with_the_same_counts(demo):
    before = directory_counts()
    load_demo(today=TODAY)
    assert directory_counts() == before


def test_delete_demo_removes_demo_associations_and_accounts_only(demo, make_association):
    real = make_association("Les Paniers du Pile")
    real_user = get_user_model().objects.create_user("marie", email="marie@example.org")
    assert delete_demo() == (15, 4)
    assert list(Association.objects.all()) == [real]
    assert list(get_user_model().objects.all()) == [real_user]


def test_delete_demo_leaves_nothing_to_restore(demo):
    edits.archive(Association.objects.filter(is_demo=True).first(), user=None)
    delete_demo()
    assert not Association.all_objects.exists()


def test_reloading_and_deleting_the_demo_never_touch_the_real_reception(demo, make_desk):
    real = make_desk("Accueil du CCAS")
    load_demo(today=TODAY)
    assert ReceptionDesk.objects.filter(is_demo=True).count() == 1
    delete_demo()
    assert list(ReceptionDesk.objects.all()) == [real]


def test_loading_and_deleting_the_demo_switch_the_reception_in_the_footer_at_once(client):
    demo_desk = "Accueil du CCAS (démo)"
    assert demo_desk not in client.get("/").content.decode()
    load_demo(today=TODAY)
    content = client.get("/ar/").content.decode()
    assert demo_desk in content
    assert 'href="tel:+33199002000"' in content
    delete_demo()
    assert demo_desk not in client.get("/").content.decode()


def test_load_demo_refuses_to_take_over_a_real_account_with_a_demo_username():
    get_user_model().objects.create_user("agent", email="agent@ccas-roubaix.example")
    with pytest.raises(DemoDataError, match="agent"):
        load_demo(today=TODAY)
    assert not Association.objects.exists()


def test_invalid_demo_data_fails_loudly_and_loads_nothing(tmp_path):
    data = json.loads(DEMO_FIXTURE.read_text(encoding="utf-8"))
    slot = data["associations"][0]["services"][0]["slots"][0]
    slot["opens_at"], slot["closes_at"] = slot["closes_at"], slot["opens_at"]
    broken = tmp_path / "demo.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DemoDataError, match="fermeture"):
        load_demo(broken, today=TODAY)
    assert not Association.objects.exists()


def test_loading_and_deleting_the_demo_switch_the_banner_at_once(client):
    banner = "Données de démonstration"
    assert banner not in client.get("/").content.decode()
    load_demo(today=TODAY)
    assert banner in client.get("/").content.decode()
    delete_demo()
    assert banner not in client.get("/").content.decode()


def test_the_page_of_one_association_says_it_is_fictitious_only_if_it_is(client, make_association):
    banner = "Données de démonstration"
    load_demo(today=TODAY)
    real = make_association("Les Paniers du Pile")
    fictitious = Association.objects.filter(is_demo=True).first()
    assert banner in client.get(fictitious.get_absolute_url()).content.decode()
    assert banner not in client.get(real.get_absolute_url()).content.decode()
    sheet = reverse("associations:liaison_sheet", args=[fictitious.slug])
    assert banner in client.get(sheet).content.decode()


def test_load_demo_command_prints_a_french_summary(capsys):
    call_command("load_demo")
    assert capsys.readouterr().out.startswith(
        "15 associations de démonstration chargées. Comptes : admin, agent, benevole, benevole2"
    )


def test_load_demo_command_if_empty_leaves_a_directory_with_associations(capsys, make_association):
    make_association("Les Paniers du Pile")
    call_command("load_demo", if_empty=True)
    assert "non chargées" in capsys.readouterr().out
    assert not Association.objects.filter(is_demo=True).exists()


def test_load_demo_command_delete_removes_the_demo(capsys, demo):
    call_command("load_demo", delete=True)
    assert capsys.readouterr().out == "15 associations et 4 comptes de démonstration supprimés.\n"
    assert not Association.objects.exists()
