package httpapi_test

import "log/slog"

func nil2discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
