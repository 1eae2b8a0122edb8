"""Phone first: at 390 px no page of any role is wider than the screen (a table may scroll inside its
own focusable .table-wrap, the page itself never scrolls sideways)."""

from __future__ import annotations

import pytest

from demo.seed import seed_demo

from .browsing import PHONE, open_page, role_context, role_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.querySelectorAll("main *, header *, footer *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !el.closest(".table-wrap, .kanban") && getComputedStyle(el).position !== "absolute") {
      culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.classList.length ? "." + [...el.classList].join(".") : "") + ` (${Math.round(box.right)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 3)};
}"""


def test_the_check_sees_a_page_wider_than_the_phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_content(
        '<html><body><main><table><tr><td style="white-space:nowrap">'
        + "mot " * 80
        + "</td></tr></table></main></body></html>"
    )
    found = page.evaluate(WIDEST)
    context.close()
    assert found["scrollWidth"] > PHONE["width"]
    assert found["culprits"][0].startswith("table")


def test_no_page_of_any_role_is_wider_than_a_390_px_phone(live_server, browser):
    seed_demo(progress=lambda _message: None)
    too_wide, checked = [], 0
    for role, (client, pages) in role_pages().items():
        with role_context(browser, live_server, client, PHONE) as page:
            for site_page in pages:
                open_page(page, live_server, site_page.url)
                checked += 1
                found = page.evaluate(WIDEST)
                if found["scrollWidth"] > PHONE["width"]:
                    too_wide.append(
                        f"{role} {site_page.url}: {found['scrollWidth']} px ({', '.join(found['culprits'])})"
                    )
    print(f"\nphone width: {checked} pages at 390 px, {len(too_wide)} wider than the screen")
    assert checked >= 100
    assert too_wide == [], "\n".join(too_wide)
