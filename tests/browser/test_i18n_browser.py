"""Arabic and Chinese in a real browser: axe-core on the main pages, right-to-left layout, autosave.

Run with ``pytest -m browser``.
"""

from collections.abc import Iterator

import pytest

from tests.browser.helpers import chromium, collect_console_errors, served_app

pytestmark = pytest.mark.browser

# (language, "Create and start answering", "Save", autosave's "Saved.")
LANGUAGES = {
    "ar": ("أنشئ وابدأ الإجابة", "حفظ", "تم الحفظ."),
    "zh": ("创建并开始回答", "保存", "已保存。"),
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    with served_app(tmp_path_factory.mktemp("i18n-browser")) as (_, url):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_axe_passes_on_home_step_and_result(browser, base_url, code):
    create, save, saved = LANGUAGES[code]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = collect_console_errors(page)
    try:
        page.goto(f"{base_url}/language/{code}?next=/new")
        assert page.locator("html").get_attribute("lang").startswith(code)
        page.locator("#title").fill(f"Axe {code}")
        page.locator("input[name=kinds]").first.check()
        page.get_by_role("button", name=create).click()
        page.wait_for_url("**/step/**")
        problems = axe_problems(page)  # a questionnaire step
        page.locator("input[name^=q_]").first.check()  # autosave, with its translated status
        page.get_by_role("status").filter(has_text=saved).wait_for()
        page.get_by_role("button", name=save, exact=True).click()
        page.wait_for_load_state()
        token = page.url.split("/a/")[1].split("/")[0]
        page.goto(f"{base_url}/a/{token}/result")
        problems += axe_problems(page)  # a draft result with its chart
        page.goto(f"{base_url}/")
        problems += axe_problems(page)  # home, listing the assessment
        assert not problems, "\n".join(problems)
        assert not errors
    finally:
        context.close()


def test_arabic_is_laid_out_right_to_left(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    try:
        page.goto(f"{base_url}/")  # Accept-Language from the browser's locale
        assert page.locator("html").get_attribute("dir") == "rtl"
        brand = page.locator(".brand").bounding_box()
        nav = page.locator("nav.languages").bounding_box()
        assert brand["x"] > nav["x"], "the brand starts the header on the right"
        first = page.locator("main .actions .button").first.bounding_box()  # "Start a new…"
        main = page.locator("main").bounding_box()
        gap_right = main["x"] + main["width"] - (first["x"] + first["width"])
        assert gap_right < first["x"] - main["x"], "the first action sits at the right edge"
        page.goto(f"{base_url}/language/en?next=/")
        assert page.locator("html").get_attribute("dir") == "ltr"
        assert (
            page.locator(".brand").bounding_box()["x"]
            < page.locator("nav.languages").bounding_box()["x"]
        )
    finally:
        context.close()
