"""Small helpers shared by the browser tests."""

import re
import time

from django.core import mail

# A link in an e-mail: its path is used on the live server (links name SITE_URL).
LINK = re.compile(r"https?://[^/\s]+(/\S+)")

# The public members of the `network` fixture, in the directory's English order (by name).
# The withdrawn "Goneville" must never appear.
PUBLIC_CITY_NAMES = ["Aswan", "Cork", "Espoo", "Limerick", "Medellín", "Mexico City"]

_DESCRIBE_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "<body>";
    const id = el.id ? "#" + el.id : "";
    const label = (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${id} "${label}"`;
}"""


def focused(page, selector):
    """Whether the focused element matches the CSS selector."""
    return page.evaluate(
        "(selector) => !!document.activeElement && document.activeElement.matches(selector)",
        selector,
    )


def focus_description(page):
    return page.evaluate(_DESCRIBE_FOCUS)


def tab_until(page, selector, *, limit=40):
    """Press Tab (only the keyboard, as a visitor would) until the focused element matches
    `selector`; returns the focus stops passed on the way. Fails after `limit` presses."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(focus_description(page))
        if focused(page, selector):
            return stops
    raise AssertionError(f"{selector} never got the focus after {limit} Tabs: {stops}")


def shown_city_names(page):
    """The city names of the directory's result list, as shown."""
    return [name.strip() for name in page.locator(".city-grid .city-card__name").all_inner_texts()]


def watch_page(page, problems):
    """Report what `page` (of any browser context) logs to `problems`, a BrowserProblems of
    tests/browser/conftest.py, exactly as the `browser_problems` fixture does for `page`."""
    page.on("console", problems.on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("request", lambda request: problems.requests.append(request.url))
    page.on("requestfailed", problems.on_request_failed)
    return page


def sign_in_to_admin(page, url, email, password):
    """Open the admin at `url` and sign in as staff. The admin has no login form of its own:
    its login address sends to the portal's sign-in page (gnlc/core/security.py), which comes
    back to the admin once the password (and a second factor, if any) is accepted."""
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def link_sent_to(address, path_prefix, *, timeout=10):
    """The path of the first link starting with `path_prefix` in a message sent to
    `address`. The live server sends from its own thread: wait for the message to arrive."""
    deadline = time.monotonic() + timeout
    while True:
        for message in list(mail.outbox):
            if address in message.to:
                for path in LINK.findall(message.body):
                    if path.startswith(path_prefix):
                        return path
        if time.monotonic() > deadline:
            sent = [(message.to, message.subject) for message in mail.outbox]
            raise AssertionError(f"no link {path_prefix}… sent to {address}; sent: {sent}")
        time.sleep(0.05)


def follow(locator):
    """Click a link, or a button that sends a form, and wait until the page it leads to has
    loaded in full. Acting sooner would cut that page's styles and images short, and each
    would count as a failed request in `BrowserProblems.check()`."""
    with locator.page.expect_navigation():
        locator.click()
