# The two commands of the README: `make run` builds and starts Extralit,
# `make test` installs what the tests need and runs all of them.
.PHONY: build run test test-go lint clean notices

GO ?= go
BIN := bin/extralit

build:
	$(GO) build -o $(BIN) ./cmd/extralit

run: build
	./$(BIN) server

test:
	bash scripts/test-all.sh

test-go:
	$(GO) test ./...

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@latest ./...

clean:
	rm -rf bin

# Regenerate THIRD_PARTY_NOTICES from the modules linked into the binary.
notices: build
	python3 scripts/gen-notices.py $(BIN) > THIRD_PARTY_NOTICES
