# The quick start is `make demo` (set up, build, run the main job) and `make test`.
.PHONY: deps build demo test check-js onnx-test browser-test bench clean

deps:
	@Scripts/install-deps.sh

build: deps
	swift build -c release --product acgan

demo: build
	Scripts/demo.sh

# Numeric tests run in release: debug loops are 50-100x slower. Then the web studio in a real
# browser (headless Chromium + Selenium, installed on first use) against the bundled model, then
# the one-stop flow in a temporary workspace (upload, a tiny training run, deploy, generate).
# ACGAN_CONVOLUTION=rules pins the convolution algorithms (no timed trial), so that every run
# of the tests computes the same numbers on a given machine.
test: deps check-js
	swift build -c release --build-tests
	ACGAN_CONVOLUTION=rules swift test -c release --skip-build
	$(MAKE) onnx-test
	$(MAKE) browser-test

# acgan export --format onnx run by onnxruntime (onnx, onnxruntime, numpy from PyPI, installed on
# first use) and compared with acgan's own faces.
onnx-test:
	ACGAN_CONVOLUTION=rules python3 Scripts/onnx_test.py --install

# The studio's scripts, parsed as the ES modules the page loads (strict mode), by Node; then
# the page's seeded draws (studio-random.js) against the Swift code's golden numbers.
check-js:
	@for f in Sources/Studio/Assets/*.js; do \
		node --input-type=module --check < "$$f" || { echo "$$f: syntax error (above)"; exit 1; }; \
		echo "$$f: ES module syntax ok"; \
	done
	node Scripts/check_browser_math.mjs

browser-test:
	ACGAN_CONVOLUTION=rules python3 Scripts/browser_test.py --install --screenshots .build/browser-test \
		.build/release/acgan serve --port {port} --workspace {workspace}

bench: build
	.build/release/acgan bench --mode train --threads 2

clean:
	rm -rf .build
