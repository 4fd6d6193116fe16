//go:build js && wasm

// Command syncworker is Mailkey's sync server: a Cloudflare Worker (Go
// compiled to WebAssembly, github.com/syumai/workers) that stores opaque
// encrypted vaults in D1. The API is in package api; see the README's
// "Sync server" section to run it locally or deploy it.
package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/cron"
	"github.com/syumai/workers/cloudflare/d1"

	"mailkey/cmd/syncworker/api"
)

func main() {
	cfg, cfgErr := api.ConfigFromEnv(cloudflare.Getenv)
	var handler http.Handler
	var task cron.Task
	connector, dbErr := d1.OpenConnector("DB")
	switch {
	case cfgErr != nil || dbErr != nil:
		if cfgErr != nil {
			log.Printf("syncworker: %v", cfgErr)
		}
		if dbErr != nil {
			log.Printf("syncworker: the D1 binding DB: %v", dbErr)
		}
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":"internal","message":"The server is misconfigured; its operator must look at its log."}`))
		})
		task = func(context.Context) error { return nil }
	default:
		h := &api.Handler{
			Config: cfg,
			Store:  api.SQLStore{DB: sql.OpenDB(connector)},
			Logf:   log.Printf,
		}
		handler = h
		task = func(ctx context.Context) error {
			n, err := h.Expire(ctx)
			if err != nil {
				log.Printf("syncworker: expire: %v", err)
				return err
			}
			log.Printf("syncworker: expired %d vaults", n)
			return nil
		}
	}
	workers.ServeNonBlock(handler)
	cron.ScheduleTaskNonBlock(task)
	workers.Ready()
	<-workers.Done()
}
