# exctl — convenience targets around CMake. See README.md.
#   make run    build and run the main job on the bundled data
#   make test   build (warnings as errors), run all tests, then again under ASan+UBSan
#   make bench  benchmarks on the real data (not part of the tests)
#   make soak   5-minute wrk soak of the server at 80% of its maximum rate
#   make eval   name-matching evaluation (reads ../shared/data/eval when present)
JOBS ?= 2
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all deps build run test test-plain test-asan bench soak eval clean

all: build

deps:
	@scripts/deps.sh build

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXCTL_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@scripts/run.sh $(BUILD)/exctl

test:
	@scripts/test.sh

test-plain:
	@scripts/deps.sh test
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXCTL_WERROR=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	@scripts/deps.sh test
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DEXCTL_WERROR=ON -DEXCTL_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

bench: build
	@scripts/deps.sh bench
	@bench/run.sh $(BUILD)

soak: build
	@scripts/deps.sh bench
	@BENCH_ONLY=soak bench/run.sh $(BUILD)

eval: build
	@bench/eval.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
