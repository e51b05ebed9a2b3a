"""What several browser journeys do: sign a user in, in a context of their own."""

from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"  # the factories' password


def signed_in(browser, base: str, username: str):
    """(context, page) with `username` signed in; close the context when done."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return context, page
