package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// TestWritesDoNotWedge runs FerretDB on an in-memory SQLite database, whose pool holds a single connection,
// so a write that keeps its query's rows open while it asks the pool for a second connection waits forever on
// the first update, where a file database (100 connections) needs a burst of such writes at once. Built
// against the unpatched module (`go test .` without the patched -modfile), each write below times out; with
// patches/ferretdb applied, every one is answered.
func TestWritesDoNotWedge(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + t.TempDir() + "/?mode=memory",
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()

	client, err := mongo.Connect(ctx, options.Client().ApplyURI(f.MongoDBURI()).SetTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = client.Disconnect(context.Background()) }()
	c := client.Database("wedge").Collection("docs")

	docs := make([]any, 3)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: fmt.Sprintf("k%d", i)}, {Key: "status", Value: "open"}, {Key: "n", Value: 0}}
	}
	if _, err := c.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}

	writes := []struct {
		name string
		run  func() error
	}{
		{"updateOne by _id", func() error {
			_, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: "k0"}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}})
			return err
		}},
		{"updateMany by field", func() error {
			res, err := c.UpdateMany(ctx, bson.D{{Key: "status", Value: "open"}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}})
			if err == nil && res.ModifiedCount != 3 {
				err = fmt.Errorf("modified %d documents, want 3", res.ModifiedCount)
			}
			return err
		}},
		{"findAndModify update", func() error {
			return c.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: "k1"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "taken"}}}}).Err()
		}},
		{"findAndModify remove", func() error {
			return c.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: "k2"}}).Err()
		}},
	}
	for _, w := range writes {
		if err := w.run(); err != nil {
			t.Errorf("%s: %v", w.name, err)
		}
	}

	// Resources a handler left open panic in their finalizers: collect them while the server still runs.
	runtime.GC()
	runtime.GC()
	time.Sleep(100 * time.Millisecond)

	var k0 bson.M
	if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: "k0"}}).Decode(&k0); err != nil {
		t.Fatal(err)
	}
	if n, _ := k0["n"].(int32); n != 2 {
		t.Errorf("k0.n = %v, want 2", k0["n"])
	}
}
