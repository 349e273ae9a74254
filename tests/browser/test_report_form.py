"""'Signaler une erreur' in Chromium, as a resident does it: the form, its errors and the thanks
page load no script, and have no WCAG 2.1 A/AA violation (axe), in the three languages.

(axe runs its script in the page: JavaScript stays on in the browser, the pages bring none.)"""

import pytest

from reports.models import Report

from .test_accessibility import LANGUAGES, violations, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FORM = "/associations/paniers-de-l-alma/signaler/"


def checked(page, found, name):
    assert page.locator("script").count() == 0, name
    found[name] = violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_resident_reports_an_error_on_pages_without_script(page, demo, language):
    found = {}
    visit(page, FORM, language)
    checked(page, found, "form")
    # Sent without a reason: the errors, linked to the reasons' group.
    page.locator("form.form-stack button[type=submit]").click()
    assert page.locator("#id_reason_error").is_visible()
    assert page.locator("fieldset[aria-describedby='id_reason_error']").count() == 1
    checked(page, found, "errors")
    page.locator("#id_reason_0").check()
    page.locator("#id_contact").fill("06 00 00 00 00")
    page.locator("form.form-stack button[type=submit]").click()
    assert page.url.endswith(LANGUAGES[language] + FORM + "merci/")
    checked(page, found, "thanks")
    assert {name: problems for name, problems in found.items() if problems} == {}
    report = Report.objects.get()
    assert (report.reason, report.contact) == (Report.Reason.CLOSED, "06 00 00 00 00")
