# The two commands of the README. Both install what is missing first.
.PHONY: run test

DATABASE_URL ?= sqlite://rapport.db?mode=rwc

## run: build and serve Rapport on SQLite (./rapport.db) with the demo organisation, at http://127.0.0.1:3000
run:
	.ci/setup
	cargo leptos build
	DATABASE_URL='$(DATABASE_URL)' ./target/debug/rapport serve --demo

## test: every check and test (formatting, lints, unit, SQLite + PostgreSQL, browser journeys)
test:
	.ci/test
