# Surety — build, test, demo and benchmark entry points. See README.md.
SWIFT ?= swift
FUZZ_SECONDS ?= 60

.PHONY: setup build build-release test lint layering bench demo demo-crypto demo-stop fuzz clean

setup:
	@bash Scripts/setup.sh

build: setup
	$(SWIFT) build

build-release: setup
	$(SWIFT) build -c release

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

layering:
	@bash Scripts/check-layering.sh

test: setup layering lint
	$(SWIFT) build --build-tests
	bash Scripts/testnet-smoke.sh
	bash Scripts/check-examples.sh
	bash Scripts/check-testnet-guide.sh
	bash Network/scenarios/run-all.sh
	@if [ -x Scripts/fuzz.sh ]; then FUZZ_SECONDS=10 bash Scripts/fuzz.sh; fi
	@# One retry: a Hummingbird/NIOAsyncWriter teardown crash in the directory tests is intermittent
	@# (tracked in the session note); a real failure fails both runs.
	$(SWIFT) test --skip-build --parallel || { echo "make test: retrying swift test once"; $(SWIFT) test --skip-build --parallel; }

bench: build-release
	$(SWIFT) run -c release surety-bench all

demo: build-release
	@bash Scripts/demo.sh

demo-crypto: build-release
	.build/release/surety-demo

demo-stop:
	@bash Scripts/demo-stop.sh

fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Scripts/fuzz.sh

clean:
	rm -rf .build .build-*
