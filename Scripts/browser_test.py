#!/usr/bin/env python3
"""Real-browser test of ACGAN Studio: headless Chromium driven by Selenium.

Starts the server command given after the options, opens the page, changes the hair colour,
presses Generate, waits for the face, checks that it is a PNG of the model's size (64x64),
reloads and finds the history entry, then exercises a grid, interpolation, the keyboard
shortcut, in-page errors and a share link, and saves screenshots. When the server is `acgan`
with a workspace, it then goes the one-stop way: uploads a zip of a small `acgan synth` set on
the Data page, starts a tiny run (32 pixels, 40 iterations) on the Runs page, watches it finish,
deploys it on the Models page, generates a face with it, and restores the previous model; then
labels faces on the Data page: a data set of 320 faces with 8 untagged, a classifier run started from
the labelling view, three faces labelled (one accepted, two corrected) and found in tags.csv with
the chosen tags, and the rest accepted in bulk.

The port is chosen here: `{port}` in the command is replaced by it, and it is also exported
as STUDIO_TEST_SERVER_PORT; `{workspace}` is replaced by a fresh temporary folder. Examples:

    # the real program:
    Scripts/browser_test.py .build/release/acgan serve --port {port} --workspace {workspace}
    # the test model, served by an env-gated test in StudioTests:
    Scripts/browser_test.py swift test --skip-build --filter TestModelServer

Needs Debian's chromium and chromium-driver and Selenium from PyPI; `--install` installs them.
Traffic stays on 127.0.0.1. Exit status 0 only when every check passed.
"""

import argparse
import base64
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

CHECKS = {"passed": 0, "failed": 0}


def check(condition, what):
    """Records one check and prints it."""
    CHECKS["passed" if condition else "failed"] += 1
    print(("  ok    " if condition else "  FAIL  ") + what, flush=True)
    return condition


def install_dependencies():
    """Installs chromium, chromium-driver and Selenium if missing (Debian + PyPI)."""
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    try:
        import selenium  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "selenium"], check=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(base, server, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server command exited with status {server.returncode} before answering")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return json.load(response)
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {base}/healthz within {timeout} s")


def png_size(data):
    """(width, height) from a PNG's IHDR chunk, or None if `data` is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def png_pixels(data):
    """The 8-bit samples of a non-interlaced 8-bit RGB or RGBA PNG (the studio's), decoded with zlib."""
    import zlib
    width, height = png_size(data)
    position, compressed, channels = 8, b"", 3
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            channels = {2: 3, 6: 4}[body[9]]
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    raw, stride = zlib.decompress(compressed), width * channels
    rows, previous, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], (previous[x - channels] if x >= channels else 0)
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                a, b, c = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[x] = (line[x] + (left if a <= b and a <= c else up if b <= c else corner)) & 255
        rows.append(line)
        previous = line
    return b"".join(rows)


def largest_difference(first, second):
    """The largest difference of one 8-bit value between two PNGs of one size (None if sizes differ)."""
    if png_size(first) != png_size(second):
        return None
    return max(abs(a - b) for a, b in zip(png_pixels(first), png_pixels(second)))


def data_url_png(src):
    prefix = "data:image/png;base64,"
    return base64.b64decode(src[len(prefix):]) if src and src.startswith(prefix) else b""


def stop(server):
    """Stops the server's whole process group: SIGTERM, then SIGKILL after 15 s."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def make_driver():
    """Headless Chromium at 1440x1000."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000",
                     "--force-device-scale-factor=1", "--lang=en-US"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def run_browser(base, model, screenshots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    driver = make_driver()
    wait = WebDriverWait(driver, 60)
    size = model["imageSize"]
    hair_group = model["vocabulary"]["groups"][0]
    hair = "blue hair" if "blue hair" in hair_group["values"] else hair_group["values"][1]

    def click(element):
        """Scrolls the element to the middle of the window (clear of the sticky Generate bar) and clicks."""
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def screenshot(name, element_id=None):
        """Saves a screenshot scrolled to the top (or to an element), as a person would see it."""
        if element_id:
            driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", element_id)
        else:
            driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.3)
        driver.save_screenshot(str(screenshots / name))

    def history_count():
        return len(driver.find_elements(By.CSS_SELECTOR, ".history-entry"))

    def wait_idle():
        wait.until(lambda d: d.find_element(By.ID, "stage").get_attribute("aria-busy") == "false"
                   and d.find_element(By.ID, "generate").is_enabled())

    try:
        driver.get(base + "/")
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "input[data-group]")))
        check(driver.title == "ACGAN Studio", "page title")
        check(model["name"] in driver.find_element(By.ID, "model-name").text, "model name shown")
        driver.execute_script("localStorage.clear()")

        # Keyboard: arrow keys move through a group's choices, with a visible focus ring.
        eye_group = model["vocabulary"]["groups"][-1]
        eye_random = driver.find_element(By.CSS_SELECTOR, f'input[data-group="{eye_group["name"]}"][data-value=""]')
        driver.execute_script("arguments[0].focus()", eye_random)
        eye_random.send_keys(Keys.ARROW_RIGHT)
        focused = driver.switch_to.active_element
        check(focused.get_attribute("data-value") == eye_group["values"][0] and focused.is_selected(),
              "arrow key selects the next choice in a group")
        ring = driver.execute_script("return getComputedStyle(arguments[0].nextElementSibling).outlineStyle", focused)
        check(ring == "solid", "keyboard focus is visible")
        focused.send_keys(Keys.ARROW_LEFT)
        check(eye_random.is_selected(), "arrow key goes back to Random")

        # Change the hair colour by clicking its chip, as a person would.
        chip = driver.find_element(By.CSS_SELECTOR, f'input[data-group="{hair_group["name"]}"][data-value="{hair}"]')
        click(driver.find_element(By.XPATH, f'//input[@data-value="{hair}"]/following-sibling::span'))
        check(chip.is_selected(), f"hair colour set to {hair}")

        click(driver.find_element(By.ID, "generate"))
        image = wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#stage img.single-face")))
        wait_idle()
        data = data_url_png(image.get_attribute("src"))
        check(png_size(data) == (size, size), f"generated image is a {size}x{size} PNG (got {png_size(data)})")
        check(hair in driver.find_element(By.ID, "caption").text, "caption names the chosen hair colour")
        check(not driver.find_element(By.ID, "notice").is_displayed(), "no error shown")
        face_seed = driver.find_element(By.ID, "seed").get_attribute("value")
        check(face_seed.isdigit(), f"seed shown ({face_seed})")
        check(driver.find_element(By.ID, "download-face").get_attribute("href").startswith("blob:"),
              "Download face points at the PNG")
        screenshot("studio.png")

        # Reload: the history entry survives and restores its inputs.
        driver.refresh()
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, ".history-entry")))
        entries = driver.find_elements(By.CSS_SELECTOR, ".history-entry")
        check(len(entries) == 1 and hair in entries[0].text and face_seed in entries[0].text,
              "history entry found after reload")
        thumbnail = entries[0].find_element(By.TAG_NAME, "img").get_attribute("src")
        check(png_size(data_url_png(thumbnail)) == (size, size), "history thumbnail is the face")
        click(entries[0])
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#stage img.single-face")))
        wait_idle()
        restored = data_url_png(driver.find_element(By.CSS_SELECTOR, "#stage img.single-face").get_attribute("src"))
        check(restored == data, "restoring the entry redraws the identical face")
        check(driver.find_element(By.ID, "seed").get_attribute("value") == face_seed, "restoring sets the seed")
        check(history_count() == 1, "restoring adds no duplicate entry")

        # A grid of 9 with new noise and truncation, then Fix all keeps it identical.
        click(driver.find_element(By.XPATH, '//input[@name="noise-mode"][@value="random"]/following-sibling::span'))
        driver.execute_script("""
            const count = document.getElementById('count');
            count.value = '9'; count.dispatchEvent(new Event('input'));""")
        click(driver.find_element(By.ID, "truncation-on"))
        click(driver.find_element(By.ID, "generate"))
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#stage .face-button img")) == 9)
        wait_idle()
        check(driver.find_element(By.ID, "download-grid").is_displayed(), "Download grid offered for a grid")
        click(driver.find_elements(By.CSS_SELECTOR, "#stage .face-button")[4])
        check(driver.find_elements(By.CSS_SELECTOR, "#stage .face-button")[4].get_attribute("aria-pressed") == "true",
              "a face of the grid can be selected")
        grid_sources = [img.get_attribute("src") for img in driver.find_elements(By.CSS_SELECTOR, "#stage .face-button img")]
        click(driver.find_element(By.ID, "fix-all"))
        click(driver.find_element(By.ID, "generate"))
        wait_idle()
        again = [img.get_attribute("src") for img in driver.find_elements(By.CSS_SELECTOR, "#stage .face-button img")]
        check(again == grid_sources, "after Fix all, Generate redraws the same grid")
        check(history_count() == 2, "grid added to history")
        screenshot("studio-grid.png")

        # Interpolate between the two history entries.
        steps = 6
        driver.execute_script(f"""
            const steps = document.getElementById('steps');
            steps.value = '{steps}'; steps.dispatchEvent(new Event('input'));""")
        click(driver.find_element(By.ID, "interpolate"))
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#strip img")) == steps)
        frames = [data_url_png(img.get_attribute("src")) for img in driver.find_elements(By.CSS_SELECTOR, "#strip img")]
        check(all(png_size(frame) == (size, size) for frame in frames), f"interpolation shows {steps} frames")
        # The ends are drawn in one batch of frames, each entry alone: the same inputs, but the
        # batch size may pick another kernel that sums in another order, so a value can round
        # the other way (seen on an AMD EPYC: largest difference 1 in some runs, 0 in others).
        # As for the PyTorch export, at most one level.
        ends = (largest_difference(frames[0], data), largest_difference(frames[-1], data_url_png(grid_sources[0])))
        check(all(d is not None and d <= 1 for d in ends),
              f"interpolation runs from the older entry to the newer one (largest differences {ends})")
        check(len(set(frames)) == steps, "every frame differs")
        check(driver.find_element(By.ID, "download-strip").is_displayed(), "Download strip offered")
        screenshot("studio-interpolation.png", "strip")

        # Keyboard: Ctrl+Enter generates from anywhere (noise back on Random, so a new face).
        click(driver.find_element(By.XPATH, '//input[@name="noise-mode"][@value="random"]/following-sibling::span'))
        before = history_count()
        driver.execute_script("window.scrollTo(0, 0)")
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, Keys.ENTER)
        wait.until(lambda d: history_count() == before + 1)
        check(True, "Ctrl+Enter generates")

        # Errors are shown in the page: a bad seed next to the field, a server error in the notice.
        seed_field = driver.find_element(By.ID, "seed")
        seed_field.clear()
        seed_field.send_keys("12ab")
        click(driver.find_element(By.ID, "generate"))
        check(driver.find_element(By.ID, "seed-error").is_displayed(), "invalid seed explained beside the field")
        check(seed_field.get_attribute("aria-invalid") == "true", "invalid seed marked aria-invalid")
        driver.get(base + "/?seed=5&hair%20color=rainbow%20hair")
        wait.until(lambda d: d.find_element(By.ID, "notice").is_displayed())
        check("rainbow hair" in driver.find_element(By.ID, "notice-text").text, "unknown tag in a link shown in the page")
        click(driver.find_element(By.ID, "notice-close"))
        check(not driver.find_element(By.ID, "notice").is_displayed(), "message can be dismissed")

        # A share link reproduces the face it was made from.
        driver.get(base + "/")
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, ".history-entry")))
        click(driver.find_elements(By.CSS_SELECTOR, ".history-entry")[-1])
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#stage img.single-face")))
        wait_idle()
        click(driver.find_element(By.ID, "share"))
        link = wait.until(lambda d: d.find_element(By.ID, "share-url").get_attribute("value"))
        check(link.startswith(base + "/?") and "seed=" in link, f"share link made ({link})")
        driver.execute_script("localStorage.clear()")  # as if opened in another browser
        driver.get(link)
        shared = wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#stage img.single-face")))
        wait_idle()
        check(data_url_png(shared.get_attribute("src")) == data, "opening the share link shows the same face")

        # Phone-sized screen: one column, nothing wider than the screen.
        driver.set_window_size(390, 844)
        time.sleep(0.5)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(overflow <= 0, f"no horizontal scrolling on a phone-sized screen (overflow {overflow}px)")
        screenshot("studio-mobile.png")
        screenshot("studio-mobile-controls.png", "binary-tags")
        # Dark theme, from the system setting.
        driver.set_window_size(1440, 1000)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        check(background != "rgb(245, 243, 250)", f"dark theme follows the system setting ({background})")
        screenshot("studio-dark.png")
        logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
                and "rainbow" not in entry["message"]]
        check(not logs, f"no errors in the browser console {logs}")
    finally:
        driver.quit()


def make_synth_zip(acgan, folder):
    """A small data set made by `acgan synth --continuous` (tags and six continuous attributes),
    zipped under one top-level folder; returns the zip."""
    import zipfile
    data = folder / "browser-synth"
    subprocess.run([acgan, "synth", "--out", str(data), "--count", "64", "--size", "32", "--balanced", "--continuous"],
                   check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "ACGAN_CONVOLUTION": os.environ.get("ACGAN_CONVOLUTION", "rules")})
    archive = folder / "browser-synth.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(data.rglob("*")):
            if path.is_file() and ".acgan-cache" not in path.parts:
                zipped.write(path, "browser-synth/" + str(path.relative_to(data)))
    return archive


def run_workspace(base, acgan, screenshots, scratch):
    """The one-stop flow: upload a data set, train a tiny run, watch it finish, deploy it, generate with it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import Select, WebDriverWait

    archive = make_synth_zip(acgan, scratch)
    driver = make_driver()
    # Deploying reloads the page: elements found before the reload go stale.
    wait = WebDriverWait(driver, 60, ignored_exceptions=[StaleElementReferenceException, NoSuchElementException])

    def click(element):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def screenshot(name, element_id=None):
        if element_id:
            driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", element_id)
        else:
            driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.3)
        driver.save_screenshot(str(screenshots / name))

    try:
        driver.get(base + "/#data")
        wait.until(lambda d: d.find_element(By.ID, "tabs").is_displayed())
        check(driver.find_element(By.ID, "view-data").is_displayed(), "Data page opens from its tab")
        driver.find_element(By.ID, "upload-name").send_keys("browser-synth")
        driver.find_element(By.ID, "upload-file").send_keys(str(archive.resolve()))
        click(driver.find_element(By.ID, "upload-button"))
        wait.until(lambda d: "64 images" in d.find_element(By.ID, "upload-status").text
                   or d.find_element(By.ID, "notice").is_displayed())
        check("64 images" in driver.find_element(By.ID, "upload-status").text,
              f"zip uploaded and inspected ({driver.find_element(By.ID, 'upload-status').text!r})")
        cards = driver.find_elements(By.CSS_SELECTOR, "#datasets .card")
        card = next((c for c in cards if c.find_element(By.TAG_NAME, "h3").text == "browser-synth"), None)
        check(card is not None and len(card.find_elements(By.CSS_SELECTOR, ".bar")) > 5, "data set listed with a bar per tag")
        Select(driver.find_element(By.ID, "preview-dataset")).select_by_visible_text("browser-synth")
        Select(driver.find_element(By.ID, "preview-tag")).select_by_visible_text("blue hair")
        click(driver.find_element(By.ID, "preview-button"))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#preview-faces img"))
        faces = driver.find_elements(By.CSS_SELECTOR, "#preview-faces img")
        check(all("blue hair" in face.get_attribute("alt") for face in faces), f"{len(faces)} real faces with blue hair shown")
        screenshot("studio-data.png")

        click(driver.find_element(By.ID, "tab-runs"))
        wait.until(lambda d: d.find_element(By.ID, "view-runs").is_displayed())
        wait.until(lambda d: [o.text for o in Select(d.find_element(By.ID, "run-dataset")).options])
        Select(driver.find_element(By.ID, "run-dataset")).select_by_visible_text("browser-synth")
        for field, value in (("run-iterations", "40"),):
            driver.find_element(By.ID, field).clear()
            driver.find_element(By.ID, field).send_keys(value)
        Select(driver.find_element(By.ID, "run-size")).select_by_value("tiny")
        click(driver.find_element(By.CSS_SELECTOR, "#run-form details summary"))
        for field, value in (("run-batch", "8"), ("run-sample_every", "10"), ("run-log_every", "5"), ("run-threads", "1")):
            driver.find_element(By.ID, field).send_keys(value)
        click(driver.find_element(By.ID, "run-projection"))  # on by default: off for this run
        click(driver.find_element(By.ID, "run-start"))
        # The table is redrawn every second while the run is active: read it in one script call,
        # so no element found by one command is gone by the next.
        status = lambda d: d.execute_script(
            "const cell = document.querySelector('#runs-body tr td.status'); return cell ? cell.textContent : ''")
        WebDriverWait(driver, 300).until(lambda d: status(d) in ("finished", "failed"))
        check(status(driver) == "finished", f"the run finished on the Runs page ({status(driver)})")
        with urllib.request.urlopen(base + "/api/runs/1", timeout=5) as response:
            options = json.load(response)["options"]
        check(options.get("projection") is False and options.get("batch") == 8,
              f"the run form's advanced options reached the run (projection discriminator unticked, batch 8: {options})")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#loss-plot polyline"))
        check(len(driver.find_elements(By.CSS_SELECTOR, "#loss-plot polyline")) == 2, "loss plot drawn (D and G)")
        slider = driver.find_element(By.ID, "sheet-slider")
        check(int(slider.get_attribute("max")) >= 3, f"sample sheets to scrub through ({int(slider.get_attribute('max')) + 1})")
        driver.execute_script("arguments[0].value = '0'; arguments[0].dispatchEvent(new Event('input'))", slider)
        check(driver.find_element(By.ID, "sheet-iteration").text == "10", "the slider shows the first sheet")
        screenshot("studio-runs.png", "run-detail")

        for attempt in range(5):  # the table may be redrawn between finding the button and clicking it
            try:
                click(driver.find_element(By.XPATH, '//tbody[@id="runs-body"]//button[text()="Use this model"]'))
                break
            except StaleElementReferenceException:
                time.sleep(0.2)
        wait.until(lambda d: d.find_element(By.ID, "view-models").is_displayed()
                   and d.find_elements(By.CSS_SELECTOR, '#models-body tr[data-model="run-1"] .live-badge'))
        check(True, "the run's generator is the live model")
        wait.until(lambda d: d.find_element(By.ID, "model-name").text.startswith("run-1 (browser-synth) · 32×32 · live"))
        check(True, "the header shows the live model")
        check(driver.find_element(By.ID, "restore-previous").is_displayed(), "the previous model can be restored")
        screenshot("studio-models.png")

        click(driver.find_element(By.ID, "tab-generate"))
        click(driver.find_element(By.ID, "generate"))
        image = wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#stage img.single-face")))
        size = png_size(data_url_png(image.get_attribute("src")))
        check(size == (32, 32), f"a face generated with the deployed 32-pixel model ({size})")
        check_slider(driver, wait, base, click)

        click(driver.find_element(By.ID, "tab-models"))
        click(wait.until(lambda d: d.find_element(By.ID, "restore-previous")))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#models-body tr[data-model="startup"] .live-badge'))
        check(True, "Restore previous brings back the startup model")
        logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        check(not logs, f"no errors in the browser console on the workspace pages {logs}")
    finally:
        driver.quit()


def check_slider(driver, wait, base, click):
    """The deployed model reads continuous attributes: move the first slider to its maximum, and the
    page shows the API's face for the same seeds and value; at its minimum, another face."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with urllib.request.urlopen(base + "/api/model", timeout=5) as response:
        attribute = json.load(response)["vocabulary"]["continuous"][0]
    check(driver.find_element(By.ID, "continuous-block").is_displayed(), f"a slider per continuous attribute ({attribute['name']} first)")
    for name in ("noise-mode", "attribute-mode"):
        click(driver.find_element(By.XPATH, f'//input[@name="{name}"][@value="fixed"]/following-sibling::span'))
    for field, value in (("seed", "11"), ("attribute-seed", "12")):
        driver.find_element(By.ID, field).clear()
        driver.find_element(By.ID, field).send_keys(value)
    random = driver.find_element(By.ID, "continuous-random-0")
    if random.is_selected():
        click(random)
    slider = driver.find_element(By.ID, "continuous-0")

    def face_at(end):
        # Move the slider as a keyboard user would, to its end, and let the page hear it.
        slider.send_keys(Keys.END if end == "maximum" else Keys.HOME)
        value = float(slider.get_attribute("value"))
        shown = driver.find_element(By.ID, "continuous-output-0").text
        span = attribute["maximum"] - attribute["minimum"]
        check(abs(value - attribute[end]) <= 0.011 * span and abs(float(shown) - value) < 1e-3,
              f"the slider moved to its {end} {attribute[end]} ({value}, shows {shown})")
        old = driver.find_elements(By.CSS_SELECTOR, "#stage img.single-face")
        old_src = old[0].get_attribute("src") if old else None
        click(driver.find_element(By.ID, "generate"))
        wait.until(lambda d: (lambda imgs: imgs and imgs[0].get_attribute("src") != old_src)(
            d.find_elements(By.CSS_SELECTOR, "#stage img.single-face")))
        page_png = data_url_png(driver.find_element(By.CSS_SELECTOR, "#stage img.single-face").get_attribute("src"))
        body = json.dumps({"attributes": {attribute["name"]: value}, "seed": 11, "attributeSeed": 12,
                           "count": 1, "format": "json"}).encode()
        request = urllib.request.Request(base + "/api/generate", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            face = json.load(response)["faces"][0]
        check(abs(face["attributes"][attribute["name"]] - value) < 1e-9, f"the API drew the face with {attribute['name']}={value}")
        api_png = base64.b64decode(face["png"])
        return page_png, api_png

    high_page, high_api = face_at("maximum")
    check(png_pixels(high_page) == png_pixels(high_api), "the page's face at the slider's maximum is the API's face for the same seeds and value")
    low_page, low_api = face_at("minimum")
    check(png_pixels(low_page) == png_pixels(low_api), "the page's face at the slider's minimum is the API's face too")
    difference = largest_difference(low_page, high_page)
    check(difference > 0, f"the faces at the two ends of the slider differ (largest difference {difference} levels)")

    # The same face drawn in this browser: the deployed run's float32 weights reach the page as
    # float16 (GET /api/model/weights), so values may differ by a level or two, not more.
    with urllib.request.urlopen(base + "/api/model", timeout=5) as response:
        live_hash = json.load(response)["weights"]["hash"]
    click(driver.find_element(By.XPATH, '//input[@name="where"][@value="browser"]/following-sibling::span'))
    status = driver.find_element(By.ID, "where-status")
    click(driver.find_element(By.ID, "generate"))
    wait.until(lambda d: status.get_attribute("data-last-faces") == "1")
    wait.until(lambda d: d.find_element(By.ID, "generate").is_enabled())
    browser_png = data_url_png(driver.find_element(By.CSS_SELECTOR, "#stage img.single-face").get_attribute("src"))
    share, largest = pixel_agreement(browser_png, low_api)
    check(share <= 0.01 and largest <= 2,
          f"the deployed float32 model in the browser, {attribute['name']} at its minimum: the API's face within 1 level in "
          f"{100 * (1 - share):.2f}% of values and {largest} levels at most")
    cached = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        caches.open('acgan-studio-weights').then((cache) => cache.keys()).then((keys) => done(keys.map((k) => k.url)));""")
    check(len(cached) == 1 and cached[0].endswith("hash=" + live_hash),
          f"the deployed model replaced the cached one in the browser ({cached})")
    click(driver.find_element(By.XPATH, '//input[@name="where"][@value="server"]/following-sibling::span'))


def make_labelling_set(acgan, data, untagged):
    """An `acgan synth` set of 320 faces in `data` whose last `untagged` lines are removed from tags.csv."""
    subprocess.run([acgan, "synth", "--out", str(data), "--count", "320", "--size", "32", "--balanced", "--seed", "5"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "ACGAN_CONVOLUTION": os.environ.get("ACGAN_CONVOLUTION", "rules")})
    tags = data / "tags.csv"
    lines = tags.read_text().splitlines()
    tags.write_text("\n".join(lines[:-untagged]) + "\n")
    return sorted(line.split(",", 1)[0] for line in lines[-untagged:])


def tags_csv_lines(path):
    """{file: tags} of a tags.csv."""
    entries = {}
    for line in path.read_text().splitlines():
        if "," in line:
            key, text = line.split(",", 1)
            entries[key] = text
    return entries


def run_labelling(base, acgan, screenshots, workspace):
    """Assisted labelling on the Data page: train a classifier on a set with 8 untagged faces, then label three
    faces (one accepted as suggested, two corrected by hand) and find them in tags.csv; then accept in bulk."""
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import Select, WebDriverWait

    data = workspace / "data" / "browser-label"
    untagged = make_labelling_set(acgan, data, 8)
    before = tags_csv_lines(data / "tags.csv")
    driver = make_driver()
    wait = WebDriverWait(driver, 60, ignored_exceptions=[StaleElementReferenceException, NoSuchElementException])

    def click(element):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def cards():
        return driver.find_elements(By.CSS_SELECTOR, "#label-faces .label-card:not(.done)")

    try:
        driver.get(base + "/#data")
        wait.until(lambda d: "browser-label" in [o.text for o in Select(d.find_element(By.ID, "label-dataset")).options])
        Select(driver.find_element(By.ID, "label-dataset")).select_by_visible_text("browser-label")
        wait.until(lambda d: "8 faces of browser-label need tags" in d.find_element(By.ID, "label-status").text)
        check("Train a classifier" in driver.find_element(By.ID, "label-status").text,
              "the labelling view counts the 8 faces without tags and offers to train a classifier")
        epochs = driver.find_element(By.ID, "label-epochs")
        epochs.clear()
        epochs.send_keys("10")
        Select(driver.find_element(By.ID, "label-size")).select_by_value("32")
        click(driver.find_element(By.ID, "label-train-button"))
        WebDriverWait(driver, 300).until(lambda d: len(cards()) == 8 or d.find_element(By.ID, "notice").is_displayed())
        check(len(cards()) == 8, f"the classifier run finished and suggests tags for the 8 faces ({len(cards())} shown)")
        progress = driver.find_element(By.ID, "label-progress-text").text
        check("run-2: finished · epoch 10 of 10" in progress and "held-out accuracy" in progress,
              f"the run's progress is shown ({progress!r})")
        shown = sorted(card.get_attribute("data-file") for card in cards())
        check(shown == untagged, "the faces shown are the ones without a line in tags.csv")
        first = cards()[0]
        check(first.find_element(By.TAG_NAME, "img").get_attribute("src").startswith("data:image/png;base64,")
              and "confidence" in first.text, "each face has its thumbnail and confidence")
        screenshot_path = screenshots / "studio-labelling.png"
        driver.execute_script("document.getElementById('labelling').scrollIntoView({block: 'start'})")
        time.sleep(0.3)
        driver.save_screenshot(str(screenshot_path))

        chosen = {}
        # 1: accepted as suggested.
        card = cards()[0]
        name, suggested = card.get_attribute("data-file"), card.get_attribute("data-tags")
        click(card.find_element(By.CSS_SELECTOR, "button.accept"))
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, f'.label-card[data-file="{name}"]').get_attribute("data-labelled"))
        chosen[name] = suggested
        # 2 and 3: corrected by hand: another hair colour, and glasses toggled.
        for index in range(2):
            card = cards()[0]
            name = card.get_attribute("data-file")
            click(card.find_element(By.CSS_SELECTOR, "button.edit"))
            hair = Select(card.find_element(By.CSS_SELECTOR, 'select[data-group="hair color"]'))
            values = [option.get_attribute("value") for option in hair.options]
            current = hair.first_selected_option.get_attribute("value")
            pick = [value for value in values if value != current][index]
            hair.select_by_value(pick)
            glasses = card.find_element(By.CSS_SELECTOR, 'input[data-tag="glasses"]')
            click(glasses)
            if index == 0:
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", card)
                time.sleep(0.3)
                driver.save_screenshot(str(screenshots / "studio-labelling-edit.png"))
            parts = [Select(select).first_selected_option.get_attribute("value")
                     for select in card.find_elements(By.CSS_SELECTOR, ".label-editor select")]
            parts += [box.get_attribute("data-tag") for box in card.find_elements(By.CSS_SELECTOR, ".label-editor input[data-tag]")
                      if box.is_selected()]
            click(card.find_element(By.CSS_SELECTOR, "button.save"))
            wait.until(lambda d: d.find_element(By.CSS_SELECTOR, f'.label-card[data-file="{name}"]').get_attribute("data-labelled"))
            chosen[name] = " ".join(parts)
        labelled = {card.get_attribute("data-file"): card.get_attribute("data-labelled")
                    for card in driver.find_elements(By.CSS_SELECTOR, "#label-faces .label-card.done")}
        check(labelled == chosen, f"the page shows the three faces labelled as chosen ({labelled})")
        after = tags_csv_lines(data / "tags.csv")
        check(all(after.get(name) == tags for name, tags in chosen.items()),
              f"tags.csv holds the three faces with the chosen tags ({ {name: after.get(name) for name in chosen} })")
        check(all(after.get(name) == tags for name, tags in before.items()) and len(after) == len(before) + 3,
              "every other line of tags.csv is unchanged")
        check((data / "tags.csv.1").exists() and len(tags_csv_lines(data / "tags.csv.1")) == len(before) + 2,
              "the previous version is kept as tags.csv.1")
        check("5 faces of browser-label need tags" in driver.find_element(By.ID, "label-status").text,
              "the count of faces left goes down")

        # In bulk: every remaining face above the lowest threshold.
        driver.execute_script("""
            const slider = document.getElementById('label-threshold');
            slider.value = slider.min; slider.dispatchEvent(new Event('input'));""")
        count = int(driver.find_element(By.ID, "label-bulk-count").text)
        if count:
            click(driver.find_element(By.ID, "label-bulk-button"))
            wait.until(lambda d: f"Labelled {count} faces" in d.find_element(By.ID, "label-status").text)
            final = tags_csv_lines(data / "tags.csv")
            check(len(final) == len(after) + count, f"accept every face above the lowest threshold wrote {count} more lines")
        else:
            check(driver.find_element(By.ID, "label-bulk-button").get_attribute("disabled") is not None,
                  "no face is above the lowest threshold, and bulk accept is disabled")
        # The classifier run is on the Runs page too, with its curve, and leads back to the labelling view.
        click(driver.find_element(By.ID, "tab-runs"))
        row = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, '#runs-body tr[data-run="2"]'))
        check("classifier" in row.text and "finished" in row.text, f"the Runs page lists the classifier run ({row.text!r})")
        click(row.find_element(By.CSS_SELECTOR, "button.link"))
        wait.until(lambda d: "epoch 10 of 10" in d.find_element(By.ID, "run-detail-status").text)
        check(len(driver.find_elements(By.CSS_SELECTOR, "#loss-plot polyline")) == 1
              and driver.find_element(By.ID, "sheet-viewer").get_attribute("hidden") is not None,
              "its detail shows the classifier's loss, no sample sheets")
        for attempt in range(5):  # the table is redrawn while runs are active
            try:
                click(driver.find_element(By.XPATH, '//tr[@data-run="2"]//button[text()="Label faces"]'))
                break
            except StaleElementReferenceException:
                time.sleep(0.2)
        wait.until(lambda d: d.find_element(By.ID, "view-data").is_displayed()
                   and Select(d.find_element(By.ID, "label-dataset")).first_selected_option.text == "browser-label")
        check(True, "'Label faces' on the Runs page opens the labelling view of its data set")
        logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        check(not logs, f"no errors in the browser console while labelling {logs}")
    finally:
        driver.quit()


def rgb_samples(data):
    """The R, G, B samples of a PNG (the page's canvas writes RGBA, the server RGB)."""
    samples = png_pixels(data)
    width, height = png_size(data)
    if len(samples) == width * height * 4:
        return bytes(value for index, value in enumerate(samples) if index % 4 != 3)
    return samples


def pixel_agreement(first, second):
    """(share of 8-bit values that differ by more than 1, largest difference) of two same-size PNGs."""
    if png_size(first) != png_size(second):
        return 1.0, 255
    a, b = rgb_samples(first), rgb_samples(second)
    differences = [abs(x - y) for x, y in zip(a, b)]
    return sum(1 for d in differences if d > 1) / len(differences), max(differences)


def api_generate(base, body):
    """POST /api/generate in JSON mode: (answer, seconds)."""
    request = urllib.request.Request(base + "/api/generate", data=json.dumps({**body, "format": "json"}).encode(),
                                     headers={"Content-Type": "application/json"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = json.load(response)
    return answer, time.monotonic() - started


def run_local_generation(base, model, server, screenshots):
    """Generation in the browser: the same faces as the server's, the timings, then the server
    stopped (last: nothing after this needs it) and the studio reloaded and used offline."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    print("Generation in the browser", flush=True)
    if not model.get("weights"):
        check(False, "GET /api/model offers weights for the browser")
        return
    driver = make_driver()
    wait = WebDriverWait(driver, 180)
    size = model["imageSize"]
    figures = {}

    def click(element):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def where(value):
        click(driver.find_element(By.XPATH, f'//input[@name="where"][@value="{value}"]/following-sibling::span'))

    def wait_idle():
        wait.until(lambda d: d.find_element(By.ID, "stage").get_attribute("aria-busy") == "false"
                   and d.find_element(By.ID, "generate").is_enabled())

    def fix_grid(count, seed, picks):
        """Count, and both seeds fixed (typing in a seed field sets its mode to Fixed)."""
        driver.execute_script("""
            const set = (id, value, event) => { const input = document.getElementById(id); input.value = value;
                input.dispatchEvent(new Event(event)); };
            set('count', arguments[0], 'input'); set('seed', arguments[1], 'input'); set('attribute-seed', arguments[2], 'input');""",
            str(count), str(seed), str(picks))

    def faces():
        return [data_url_png(img.get_attribute("src")) for img in driver.find_elements(By.CSS_SELECTOR, "#stage img")]

    def generate_locally(count):
        """Presses Generate in browser mode; the page's own timing (ms) of the faces."""
        status = driver.find_element(By.ID, "where-status")
        before = status.get_attribute("data-last-completed-at")
        click(driver.find_element(By.ID, "generate"))
        wait.until(lambda d: status.get_attribute("data-last-completed-at") not in (None, before)
                   and status.get_attribute("data-last-faces") == str(count))
        wait_idle()
        wait.until(lambda d: len(faces()) == count)
        return float(status.get_attribute("data-last-milliseconds"))

    try:
        hair_group = model["vocabulary"]["groups"][0]
        hair = hair_group["values"][1]
        tags = urllib.parse.quote(hair_group["name"]) + "=" + urllib.parse.quote(hair)
        # A fresh browser: nothing cached. The share link draws the face on the server (the default).
        driver.get(f"{base}/?seed=20261203&picks=77&{tags}")
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#stage img.single-face")))
        wait_idle()
        check(driver.find_element(By.XPATH, '//input[@name="where"][@value="server"]').is_selected(),
              "the server makes the faces by default when it answers")
        server_face = faces()[0]
        api_face = base64.b64decode(api_generate(base, {"seed": 20261203, "attributeSeed": 77,
                                                        "attributes": {hair_group["name"]: hair}})[0]["faces"][0]["png"])
        check(server_face == api_face, "the page's server face is the API's")
        where("browser")
        local_ms = generate_locally(1)
        local_face = faces()[0]
        first_face_ms = float(driver.find_element(By.ID, "where-status").get_attribute("data-last-completed-at"))
        figures["first face after load, weights downloaded (ms)"] = round(first_face_ms)
        figures["  of which the model was ready in the page at (ms)"] = round(
            float(driver.find_element(By.ID, "where-status").get_attribute("data-ready-at")))
        figures["  and from pressing Generate to the face, a fresh worker's first (ms)"] = round(local_ms)
        check(png_size(local_face) == (size, size), f"the browser draws a {size}x{size} PNG")
        share, largest = pixel_agreement(server_face, local_face)
        check(share <= 0.01 and largest <= 2,
              f"seed 20261203, picks 77, {hair}: the browser's face is the server's within 1 level in "
              f"{100 * (1 - share):.2f}% of values (at least 99%) and {largest} levels everywhere (at most 2)")
        caption = driver.find_element(By.ID, "caption").text
        check(hair in caption and "seed 20261203" in caption and "picks 77" in caption,
              "the browser's face has the same tags and seeds in its caption")

        # A grid of 25 with truncation, both ways.
        driver.execute_script("""
            const count = document.getElementById('count');
            count.value = '25'; count.dispatchEvent(new Event('input'));""")
        click(driver.find_element(By.ID, "truncation-on"))
        grid_ms = generate_locally(25)
        local_grid = faces()
        seed = int(driver.find_element(By.ID, "seed").get_attribute("value"))
        picks = int(driver.find_element(By.ID, "attribute-seed").get_attribute("value"))
        truncation = float(driver.find_element(By.ID, "truncation").get_attribute("value"))
        answer, _ = api_generate(base, {"seed": seed, "attributeSeed": picks, "count": 25, "truncation": truncation,
                                        "attributes": {hair_group["name"]: hair}})
        server_grid = [base64.b64decode(face["png"]) for face in answer["faces"]]
        agreements = [pixel_agreement(a, b) for a, b in zip(server_grid, local_grid)]
        worst_share, worst = max(share for share, _ in agreements), max(largest for _, largest in agreements)
        check(len(local_grid) == 25 and worst_share <= 0.01 and worst <= 2,
              f"a 25-face grid with truncation {truncation}: every face within 1 level in at least "
              f"{100 * (1 - worst_share):.2f}% of values, {worst} levels at most")
        local_tags = [button.get_attribute("title") for button in driver.find_elements(By.CSS_SELECTOR, ".face-button")]
        check(local_tags == [face["tags"] for face in answer["faces"]], "the grid's drawn tags are the server's, face by face")

        # Timings: batch 1 (best of 5) and the grid in the page, against the API's.
        driver.execute_script("""
            const count = document.getElementById('count');
            count.value = '1'; count.dispatchEvent(new Event('input'));""")
        click(driver.find_element(By.XPATH, '//input[@name="noise-mode"][@value="random"]/following-sibling::span'))
        singles = [generate_locally(1) for _ in range(5)]
        grids = [grid_ms]
        figures["browser: one face (ms, median of 5)"] = round(sorted(singles)[2])
        figures["browser: 25-face grid (ms)"] = round(min(grids))
        server_singles = sorted(api_generate(base, {"seed": k})[1] for k in range(5))
        figures["server: one face (ms, median of 5, HTTP included)"] = round(1000 * server_singles[2])
        figures["server: 25-face grid (ms, HTTP included)"] = round(1000 * api_generate(base, {"seed": 1, "count": 25})[1])

        # Reload with the weights in the cache: the time to the first face without the download.
        time.sleep(2)   # the service worker finishes installing
        driver.refresh()
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "input[data-group]")))
        where("browser")
        generate_locally(1)
        figures["first face after load, weights cached (ms)"] = round(
            float(driver.find_element(By.ID, "where-status").get_attribute("data-last-completed-at")))
        figures["  of which the cached model was ready in the page at (ms)"] = round(
            float(driver.find_element(By.ID, "where-status").get_attribute("data-ready-at")))
        figures["  page scripts loaded (DOMContentLoaded, ms)"] = round(driver.execute_script(
            "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
        cached = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            caches.open('acgan-studio-weights').then((cache) => cache.keys()).then((keys) => done(keys.map((k) => k.url)));""")
        check(len(cached) == 1 and cached[0].endswith("hash=" + model["weights"]["hash"]),
              f"the browser keeps one model, under the live model's hash ({cached})")
        controlled = driver.execute_script("return !!navigator.serviceWorker.controller")
        check(controlled, "the service worker controls the page")

        # Before stopping: a grid of 9 with fixed seeds drawn here, to compare with the offline one.
        fix_grid(9, 4242, 4343)
        generate_locally(9)
        online_grid = faces()

        stop(server)
        print("  -- server stopped --", flush=True)
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).close()
            check(False, "server stopped")
        except OSError:
            check(True, "server stopped: /healthz does not answer")
        driver.refresh()
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "input[data-group]")))
        check(driver.find_element(By.XPATH, '//input[@name="where"][@value="browser"]').is_selected(),
              "server stopped: the reloaded page opens and makes faces in this browser")
        wait.until(lambda d: d.find_element(By.ID, "notice").is_displayed())
        check("does not answer" in driver.find_element(By.ID, "notice-text").text, "server stopped: the page says so")
        fix_grid(9, 4242, 4343)
        offline_ms = generate_locally(9)
        offline_grid = faces()
        check(len(offline_grid) == 9 and offline_grid == online_grid,
              f"server stopped: a grid of 9 drawn in the browser in {offline_ms:.0f} ms, identical to the one drawn before the stop")
        grid_link = driver.find_element(By.ID, "download-grid")
        check(grid_link.is_displayed() and grid_link.get_attribute("href").startswith("blob:"),
              "server stopped: Download grid offered")
        click(driver.find_element(By.ID, "interpolate"))
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#strip img")) >= 3)
        frames = [data_url_png(img.get_attribute("src")) for img in driver.find_elements(By.CSS_SELECTOR, "#strip img")]
        check(all(png_size(frame) == (size, size) for frame in frames) and len(set(frames)) == len(frames),
              f"server stopped: interpolation draws {len(frames)} different frames in the browser")
        driver.save_screenshot(str(screenshots / "studio-offline.png"))
        logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
                and "healthz" not in entry["message"] and "ERR_CONNECTION_REFUSED" not in entry["message"]]
        check(not logs, f"no other errors in the browser console {logs}")
    finally:
        driver.quit()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"  timings on {cpu} ({os.cpu_count()} CPUs): {json.dumps(figures)}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--screenshots", default="docs/images", help="folder for the screenshots")
    parser.add_argument("--startup-timeout", type=float, default=300, help="seconds to wait for /healthz")
    parser.add_argument("--install", action="store_true", help="install chromium, chromium-driver, selenium")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="server command; {port} is replaced")
    args = parser.parse_args()
    if not args.command:
        parser.error("give the server command, e.g. .build/release/acgan serve --port {port}")
    if args.install:
        install_dependencies()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    screenshots = Path(args.screenshots)
    screenshots.mkdir(parents=True, exist_ok=True)
    import tempfile
    scratch = Path(tempfile.mkdtemp(prefix="acgan-browser-"))
    workspace = scratch / "workspace"
    command = [part.replace("{port}", str(port)).replace("{workspace}", str(workspace)) for part in args.command]
    print(f"Starting: {' '.join(command)}  (port {port})", flush=True)
    server = subprocess.Popen(command, env={**os.environ, "STUDIO_TEST_SERVER_PORT": str(port)},
                              start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        wait_for_health(base, server, args.startup_timeout)
        with urllib.request.urlopen(base + "/api/model", timeout=5) as response:
            model = json.load(response)
        run_browser(base, model, screenshots)
        try:
            urllib.request.urlopen(base + "/api/runs", timeout=5).close()
            has_workspace = True
        except OSError:
            has_workspace = False
        if has_workspace and Path(command[0]).name == "acgan":
            run_workspace(base, command[0], screenshots, scratch)
            run_labelling(base, command[0], screenshots, workspace)
        else:
            print("  (no workspace, or not acgan itself: the Data, Runs and Models pages are not tested)")
        # Last: it stops the server.
        run_local_generation(base, model, server, screenshots)
    finally:
        stop(server)
        import shutil
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"browser: {CHECKS['passed']} passed, {CHECKS['failed']} failed")
    sys.exit(1 if CHECKS["failed"] else 0)


if __name__ == "__main__":
    main()
