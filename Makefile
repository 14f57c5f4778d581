# The quick start is `make demo` (set up, build, run the main job) and `make test`.
.PHONY: deps build demo test bench clean

deps:
	@Scripts/install-deps.sh

build: deps
	swift build -c release --product acgan

demo: build
	Scripts/demo.sh

# Numeric tests run in release: debug loops are 50-100x slower.
test: deps
	swift build -c release --build-tests
	swift test -c release --skip-build

bench: build
	.build/release/acgan bench --mode train --threads 2

clean:
	rm -rf .build
