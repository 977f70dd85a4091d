# vitrine — every task a developer or CI runs. Needs Go (the version in go.mod); `make test` also needs Chromium.
GO        ?= go
DB        ?= data/vitrine.db
ADDR      ?= 127.0.0.1:8080
DEMO_ADDR ?= 127.0.0.1:8081
BIN       := bin/vitrine

.PHONY: run build generate check-generated test test-short bench bench-load soak fuzz vet fmt clean

## run: build and start vitrine with demo data, printing a link for each persona; it listens on ADDR and the
## pretend brand site that frames the widget on DEMO_ADDR (e.g. make run ADDR=127.0.0.1:9080 DEMO_ADDR=127.0.0.1:9081)
run: build
	$(BIN) serve --demo --db $(DB) --addr $(ADDR) --demo-site-addr $(DEMO_ADDR)

build:
	$(GO) build -o $(BIN) ./cmd/vitrine

## generate: regenerate templ code with the templ version pinned in go.mod
generate:
	$(GO) tool templ generate

## check-generated: fail when committed generated code is stale
check-generated:
	@$(GO) tool templ generate >/dev/null 2>&1
	@git diff --exit-code --stat -- views || (echo "generated templ files are stale: run 'make generate' and commit" >&2; exit 1)
	@test -z "$$(git status --porcelain -- views | grep '_templ.go')" || (echo "untracked generated templ files: commit them" >&2; exit 1)

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed" >&2; exit 1)
	$(GO) vet ./...

## test: everything CI checks — generated code, formatting, vet, unit, handler, store and browser tests, on SQLite,
## then every test that touches a database again on PostgreSQL (.ci/with-postgres starts a throwaway server when
## PostgreSQL is installed and VITRINE_TEST_POSTGRES names none; without one those tests skip, or fail in CI)
DB_PACKAGES := ./store/... ./handlers ./cmd/... ./seed ./regfile ./webhook
test: check-generated vet
	$(GO) test -count=1 ./...
	.ci/with-postgres env VITRINE_TEST_BACKEND=postgres $(GO) test -count=1 $(DB_PACKAGES)

## test-short: the SQLite run without the real-browser tests
test-short:
	$(GO) test -short ./...

## bench: benchmarks for store queries and handlers
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-load: seed a small (100k events) and a large (10M events) database in a temp dir and run the load driver
## against a server process of its own on each, with wrk beside the driver's own clients (wrk is installed from
## Debian's packages when missing); prints p50/p99/throughput per route and scenario and the ratios of issues 9
## and 20, and writes the table into BENCHMARKS.md with the machine's load average before each scenario.
## The full-size seed takes about 10 minutes on 2 cores; BENCH_EVENTS=1000000 makes a quicker run.
## On PostgreSQL: BENCH_DB=postgres://…/large BENCH_SMALL_DB=postgres://…/small (two empty databases).
BENCH_DIR       ?= $(shell mktemp -d -t vitrine-bench.XXXXXX)
BENCH_CUSTOMERS ?= 100000
BENCH_EVENTS    ?= 10000000
BENCH_DB        ?= $(BENCH_DIR)/large.db
BENCH_SMALL_DB  ?= $(BENCH_DIR)/small.db
bench-load: build
	@command -v wrk >/dev/null 2>&1 || { echo "installing wrk (Debian's package) for the wrk scenarios"; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq wrk; else sudo apt-get install -y -qq wrk; fi; } || \
		echo "wrk could not be installed: its scenarios are left out"
	$(BIN) seed --db $(BENCH_SMALL_DB) --customers 1000 --events 100000
	$(BIN) seed --db $(BENCH_DB) --customers $(BENCH_CUSTOMERS) --events $(BENCH_EVENTS)
	$(BIN) bench --db $(BENCH_DB) --small-db $(BENCH_SMALL_DB) --runs 3 --spawn --wrk auto --markdown BENCHMARKS.md
	@echo "databases left in $(BENCH_DIR) (SQLite) or at BENCH_DB and BENCH_SMALL_DB"

## soak: run a server process for SOAK_FOR under a mix of customer pages, ingest, consent changes and staff
## searches at half its measured capacity (or SOAK_RATE requests/s), kill it (SIGKILL) once half-way and start it
## again; reports errors, RSS, open files (and goroutines with SOAK_METRICS_ADDR) every 30 s, then checks that the
## acknowledged events are stored and the rollups equal the raw events. Not part of make test.
## SOAK_DB=postgres://… soaks PostgreSQL (an empty database is seeded); default a new SQLite file.
SOAK_FOR          ?= 10m
SOAK_RATE         ?= 0
SOAK_CUSTOMERS    ?= 2000
SOAK_EVENTS       ?= 200000
SOAK_DB           ?=
SOAK_METRICS_ADDR ?=
soak: build
	$(BIN) soak --for $(SOAK_FOR) --rate $(SOAK_RATE) --customers $(SOAK_CUSTOMERS) --events $(SOAK_EVENTS) \
		$(if $(SOAK_DB),--db '$(SOAK_DB)') $(if $(SOAK_METRICS_ADDR),--metrics-addr $(SOAK_METRICS_ADDR))

## fuzz: a short fuzz run of each parser
fuzz:
	$(GO) test -run "^$$" -fuzz FuzzNegotiate -fuzztime 20s ./plain
	$(GO) test -run "^$$" -fuzz FuzzVerify -fuzztime 20s ./token
	$(GO) test -run "^$$" -fuzz FuzzParseCursor -fuzztime 20s ./handlers
	$(GO) test -run "^$$" -fuzz FuzzGPCValue -fuzztime 10s ./handlers
	$(GO) test -run "^$$" -fuzz FuzzVerifyFile -fuzztime 20s ./proof
	$(GO) test -run "^$$" -fuzz FuzzParseRetention -fuzztime 20s ./store
	$(GO) test -run "^$$" -fuzz FuzzDecodeBatch -fuzztime 30s -fuzzminimizetime 200x ./ingest
	$(GO) test -run "^$$" -fuzz FuzzValidate -fuzztime 30s -fuzzminimizetime 200x ./ingest

clean:
	rm -rf bin data
