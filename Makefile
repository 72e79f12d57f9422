# A thin driver over Meson. `make run` and `make test` install what they need first.
MESON ?= meson
BUILD ?= build
TESTBUILD ?= build-test
MINSIDE_LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build run test test-c test-e2e assets format clean

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --buildtype=release

build: deps $(BUILD)/build.ninja assets
	$(MESON) compile -C $(BUILD)

assets:
	@sh scripts/copy-assets.sh

run: build
	@sh scripts/run-dev.sh $(BUILD)/minside

$(TESTBUILD)/build.ninja:
	$(MESON) setup $(TESTBUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# C tests on SQLite and on a PostgreSQL server started for the run, then the browser tests,
# then one summary line for the whole suite.
test: deps $(TESTBUILD)/build.ninja assets
	$(MESON) compile -C $(TESTBUILD)
	@sh scripts/run-tests.sh $(TESTBUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(TESTBUILD)
