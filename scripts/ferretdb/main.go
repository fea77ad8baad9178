// Command embedded-ferretdb runs FerretDB (SQLite backend, or PostgreSQL with --handler=postgresql) as the
// project's embedded MongoDB-compatible
// database. It is built from this small module rather than `go install`ed directly because FerretDB's own
// main refuses to start without release metadata that module-proxy builds lack; the embeddable package
// has no such check, binds no fixed debug port and keeps telemetry off.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free one)")
	handler := flag.String("handler", "sqlite", "storage backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite URI of the data directory (ends with /)")
	postgresqlURL := flag.String("postgresql-url", "", "PostgreSQL URL, with --handler=postgresql")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	cpuProfile := flag.String("cpu-profile", "", "write a CPU profile (pprof) of the whole run to this file; the benchmark reads it")
	flag.Parse()

	if *cpuProfile != "" {
		out, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad --cpu-profile:", err)
			os.Exit(2)
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			fmt.Fprintln(os.Stderr, "cannot profile:", err)
			os.Exit(2)
		}
		// Written when the server stops (stdin closed, SIGTERM or SIGINT): every path out of main below.
		defer func() {
			pprof.StopCPUProfile()
			_ = out.Close()
		}()
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "bad --log-level:", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: *postgresqlURL,
		Logger:        logger,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The parent holds our stdin open; when it dies, even by SIGKILL, stdin closes and we stop too,
	// so no orphaned database outlives a crashed test run or server.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()

	go func() {
		// One line the parent waits for: the URI with the port actually bound.
		fmt.Printf("{\"ready\":true,\"uri\":%q}\n", f.MongoDBURI())
	}()

	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}
