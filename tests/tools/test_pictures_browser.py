"""report.html and flame.svg in headless Chromium: they load with no
JavaScript error, draw a timeline and a flame graph, a hover names the
function under the pointer and a click zooms. Skipped, saying why, only
where Chromium, its driver or Selenium is not installed (make test
installs them through tools/deps.sh)."""
import os
import shutil
import time

import pytest

import pictures_samples as S  # first: it puts tools/trace on the path
import pictures  # noqa: E402

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
except ImportError:
    webdriver = None


def _missing():
    if webdriver is None:
        return "python3-selenium is not installed"
    if not CHROMIUM:
        return "chromium is not installed"
    if not DRIVER:
        return "chromium-driver is not installed"
    return None


@pytest.fixture(scope="module")
def browser():
    why = _missing()
    if why:
        pytest.skip(f"{why} (tools/deps.sh test installs it)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    # No name resolves: a page that reached for the network would log
    # an error, and the test fails on it.
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--window-size=1400,1000",
              "--host-resolver-rules=MAP * ~NOTFOUND"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(DRIVER), options=opts)
    d.set_page_load_timeout(60)
    yield d
    d.quit()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = {}
    for name in ("x86_64-graph-mix", "sh4-graph-fib", "x86_64-function"):
        d = tmp_path_factory.mktemp(name)
        pictures.make(S.text(name), S.text(name, "stat"),
                      S.text(name, "scenario"), str(d))
        out[name] = d
    return out


def load(browser, path):
    browser.get("file://" + os.path.abspath(path))
    errors = [e for e in browser.get_log("browser")
              if e["level"] == "SEVERE"]
    assert errors == []


def hover(browser, el):
    browser.execute_script("arguments[0].scrollIntoView({block:'center'})",
                           el)
    ActionChains(browser).move_to_element(el).perform()


def widest(els):
    return max(els, key=lambda e: e.size["width"])


@pytest.mark.parametrize("name", ["x86_64-graph-mix", "sh4-graph-fib"])
def test_report_draws_and_names_on_hover(browser, reports, name):
    load(browser, reports[name] / "report.html")
    slices = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.c")
    assert slices and widest(slices).size["width"] > 1
    frames = browser.find_elements(By.CSS_SELECTOR, "svg.flame g.frame")
    assert frames
    frame = widest([f.find_element(By.TAG_NAME, "rect") for f in frames])
    g = frame.find_element(By.XPATH, "..")
    hover(browser, frame)
    details = browser.find_element(By.CSS_SELECTOR, "svg.flame .details")
    assert details.text.startswith(g.get_attribute("data-name") + ": ")
    s = widest(slices)
    hover(browser, s)
    status = browser.find_element(By.ID, "status").get_attribute(
        "textContent")
    names = browser.execute_script(
        "return JSON.parse(document.getElementById('calls').textContent)"
        ".names")
    assert status.split("  ")[0] in names
    # A click on a frame zooms: it takes the whole width.
    small = min((f for f in frames if f.size["width"] > 3),
                key=lambda f: f.size["width"])
    small_name = small.get_attribute("data-name")
    browser.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('click'))", small)
    rect = small.find_element(By.TAG_NAME, "rect")
    assert abs(float(rect.get_attribute("width")) - 1200) < 0.5
    assert small_name
    assert browser.find_element(By.CSS_SELECTOR,
                                "svg.flame .reset").is_displayed()
    # A click on a call of the timeline fits it in the view.
    call = min((r for r in browser.find_elements(By.CSS_SELECTOR,
                                                 "#timeline rect.c")
                if r.size["width"] > 1), key=lambda r: r.size["width"])
    lane, i = call.get_attribute("data-lane"), call.get_attribute("data-i")
    ActionChains(browser).move_to_element(call).click().perform()
    again = browser.find_element(
        By.CSS_SELECTOR, f'#timeline rect.c[data-lane="{lane}"]'
        f'[data-i="{i}"]')
    assert again.size["width"] > 800
    assert [e for e in browser.get_log("browser")
            if e["level"] == "SEVERE"] == []


def test_report_of_the_function_tracer(browser, reports):
    load(browser, reports["x86_64-function"] / "report.html")
    ticks = browser.find_elements(By.CSS_SELECTOR, "#timeline [data-inst]")
    # One a line of the trace: the function events and the marker.
    events = [ln for ln in S.text("x86_64-function").splitlines()
              if not ln.startswith("#")]
    assert len(ticks) == len(events)
    hover(browser, ticks[-1])
    status = browser.find_element(By.ID, "status").get_attribute(
        "textContent")
    # Ticks stand close: the pointer names one of the trace's functions.
    kind, _, rest = status.partition(": ")
    assert kind == "function" and \
        any(f" {rest.split()[0]} <-" in ln for ln in events)


def test_timeline_zooms_with_the_wheel(browser, reports):
    load(browser, reports["x86_64-graph-mix"] / "report.html")
    before = len(browser.find_elements(By.CSS_SELECTOR, "#timeline rect.c"))
    svg = browser.find_element(By.ID, "timeline")
    for _ in range(30):
        browser.execute_script(
            "var r = arguments[0].getBoundingClientRect();"
            "arguments[0].dispatchEvent(new WheelEvent('wheel', {deltaY: -1,"
            " clientX: r.left + r.width * 0.9, clientY: r.top + 40,"
            " cancelable: true}))", svg)
    for _ in range(50):  # it draws at the next frame
        after = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.c")
        if len(after) != before:
            break
        time.sleep(0.1)
    assert after and len(after) != before


def test_flame_svg_alone(browser, reports):
    load(browser, reports["sh4-graph-fib"] / "flame.svg")
    frames = browser.find_elements(By.CSS_SELECTOR, "g.frame")
    assert len(frames) == 9  # the stacks of flame.folded
    root = [f for f in frames if "root" in f.get_attribute("class")][0]
    hover(browser, root.find_element(By.TAG_NAME, "rect"))
    assert browser.find_element(By.CSS_SELECTOR, ".details").text \
        .startswith(root.get_attribute("data-name") + ": ")
