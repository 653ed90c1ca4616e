# The two commands of the README: `make run` builds and starts Extralit,
# `make test` installs what the tests need and runs all of them.
.PHONY: build run test test-go lint clean notices web

GO ?= go
BIN := bin/extralit

build:
	$(GO) build -o $(BIN) ./cmd/extralit

run: web build
	./$(BIN) server

# web builds the UI into web/dist, which `go build` embeds (needs Node 20+).
# npm ci runs only when package-lock.json is newer than the installed modules.
web:
	cd web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build

test:
	bash scripts/test-all.sh

test-go:
	$(GO) test ./...

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@latest ./...

clean:
	rm -rf bin web/node_modules
	find web/dist -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true

# Regenerate THIRD_PARTY_NOTICES from the modules linked into the binary.
notices: build
	python3 scripts/gen-notices.py $(BIN) > THIRD_PARTY_NOTICES
