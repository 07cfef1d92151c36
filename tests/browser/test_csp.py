"""Pages, admin and API docs run in a browser without console errors or CSP violations."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.factories import PASSWORD
from tracker import models

WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_admin_and_api_docs_run_without_csp_violations(source_data, page, screenshot):
    call_command("create_groups", verbosity=0)
    User.objects.create_superuser("stella", password=PASSWORD)
    meeting = models.Meeting.objects.get(slug="sixth-ascn-annual-meeting-2023")
    problems = []
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning")
            and problems.append(f"{page.url}: console {message.type}: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.add_init_script(WATCH_CSP)

    def visit(path, name, ready=None):
        response = page.goto(path)
        assert response.status == 200, path
        if ready:
            page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__violations")
        problems.extend(f"{path}: CSP violation: {v}" for v in violations)
        screenshot(f"security-{name}")

    visit("/", "home")
    visit(meeting.get_absolute_url(), "meeting")
    visit("/admin/login/", "admin-login")
    page.fill("#id_username", "stella")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    visit(f"/admin/tracker/meeting/{meeting.pk}/change/", "admin-meeting-change", "#meeting_form")
    visit("/api/docs/", "api-docs", ".swagger-ui .opblock")

    assert problems == [], "\n".join(problems)
