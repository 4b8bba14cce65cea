"""Steps real-browser tests share."""

from helpers import PASSWORD


def register(page, email="ana@example.com", password=PASSWORD, name="Ana"):
    """Create an account through the real form."""
    page.goto("/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/")
