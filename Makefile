# kaiji top-level Makefile: installs missing Debian packages, drives CMake,
# and runs the demo, tests, evaluation and benchmarks.
#   make demo    analyse the bundled sample disclosure
#   make check   build (-Werror), run unit + end-to-end tests, then again
#                under AddressSanitizer/UBSan, and analyze --jobs under
#                ThreadSanitizer; ends with "N passed, N failed"
#   make eval    score against ../shared/eval (skips when absent)
#   make bench   speed and memory ratios against bare text extraction
#   make model   retrain data/model from data/train
#   make fuzz    build the libFuzzer targets (clang) in build-fuzz and run each
#                FUZZ_SECONDS (default 60) on seeds; fails on a crash
#   make install PREFIX=/usr/local
PREFIX ?= /usr/local
JOBS ?= 2
BUILD_TYPE ?= RelWithDebInfo
FUZZ_SECONDS ?= 60

.PHONY: all deps deps-test build build-asan build-tsan demo check eval bench model fuzz install clean format lint

all: build

deps:
	@bash tools/deps.sh build

deps-test:
	@bash tools/deps.sh test

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build build -j$(JOBS) -- --no-print-directory
	@./build/kaiji lexicon compile >/dev/null

build-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKJ_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS) -- --no-print-directory

# only the binary: make check runs analyze --jobs with it (tests/e2e/test_jobs.sh)
build-tsan: deps
	@cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DKJ_TSAN=ON >/dev/null
	@cmake --build build-tsan -j$(JOBS) --target kaiji -- --no-print-directory

demo: build
	./build/kaiji analyze data/sample/hoshizora-security-2025.html data/sample/hoshizora-security-2025.pdf

check: deps-test build build-asan build-tsan
	@TSAN_BUILD=build-tsan bash tests/run.sh build build-asan

eval: build
	@bash tools/eval.sh

bench: build
	@bash bench/run.sh

model: build
	./build/kaiji train --train data/train --out data/model --C 0.05 --spans --whole ja,en --calibrate data/calibrate

# Not part of `make check`: fuzzing takes minutes and finds new inputs each run.
fuzz:
	@bash tools/deps.sh fuzz
	@cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKJ_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target kaiji fuzz_ingest fuzz_analyze fuzz_search fuzz_html fuzz_docx -- --no-print-directory
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tools/fuzz.sh build-fuzz

install: build
	cmake --install build --prefix $(PREFIX)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

lint:
	clang-tidy -p build $$(git ls-files 'src/*.c') 2>/dev/null | grep -E "warning|error" || true
	cppcheck --quiet --enable=warning,performance,portability --std=c11 -Iinclude -Isrc \
	  -D"fz_try(c)=if(1)" -D"fz_catch(c)=else" -D"fz_always(c)=" src

clean:
	rm -rf build build-asan build-tsan build-fuzz
