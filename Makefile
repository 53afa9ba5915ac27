# The two commands of the README (run, test), a fully optimised build for deployment (release), and
# an all-debug one for contributors (dev). Every target installs what is missing first.
.PHONY: run bundle release dev test

DATABASE_URL ?= sqlite://rapport.db?mode=rwc
# The optimised browser bundle lives apart from the debug one, so neither is served by mistake.
RELEASE_SITE := target/site-release
# Where cargo-leptos lists the optimised bundle's fingerprinted names (beside the release binary).
RELEASE_HASHES := $(CURDIR)/target/release/hash.txt
# wasm-opt from npm's binaryen (.ci/package.json): Debian's breaks hydration.
TOOLS_PATH := $(CURDIR)/.ci/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

## run: serve Rapport on SQLite (./rapport.db) with the demo organisation at http://127.0.0.1:3000:
## the optimised browser bundle, from a debug server (it builds in minutes and shares `make test`'s cache)
run: bundle
	cargo build -p server --bin rapport
	LEPTOS_SITE_ROOT=$(RELEASE_SITE) LEPTOS_HASH_FILE_NAME=$(RELEASE_HASHES) DATABASE_URL='$(DATABASE_URL)' ./target/debug/rapport serve --demo

## bundle: the optimised browser bundle only (target/site-release), fingerprinted, precompressed
bundle:
	.ci/setup --release
	PATH='$(TOOLS_PATH)' LEPTOS_SITE_ROOT=$(RELEASE_SITE) cargo leptos build --release --frontend-only --precompress

## release: everything optimised, for deployment: target/release/rapport serving target/site-release
release:
	.ci/setup --release
	PATH='$(TOOLS_PATH)' LEPTOS_SITE_ROOT=$(RELEASE_SITE) cargo leptos build --release --precompress
	@echo "Run it with: LEPTOS_SITE_ROOT=$(RELEASE_SITE) ./target/release/rapport serve"

## dev: all debug (15 MB bundle, compressed by the server), quickest to rebuild after an edit, same demo
dev:
	.ci/setup
	PATH='$(TOOLS_PATH)' cargo leptos build
	DATABASE_URL='$(DATABASE_URL)' ./target/debug/rapport serve --demo

## test: every check and test (formatting, lints, unit, SQLite + PostgreSQL, browser journeys)
test:
	.ci/test
