package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
)

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{
			"-listen", "127.0.0.1:0", "-access-key-id", "id", "-access-key-secret", "top-secret",
			"-security-token", "tok", "-task-duration", "1s", "-domains", "example.com, other.example.com",
		}, outW, &stderr)
		outW.Close()
	}()

	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(strings.TrimSpace(line), "alicloud-emulator listening on http://")
	if addr == strings.TrimSpace(line) {
		t.Fatalf("first line %q", line)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }() // drain anything else

	client, err := cdn.NewClientWithStsToken("cn-hangzhou", "id", "top-secret", "tok")
	if err != nil {
		t.Fatal(err)
	}
	req := cdn.CreateRefreshObjectCachesRequest()
	req.Domain, req.Scheme = addr, "http"
	req.ObjectPath = "http://example.com/a\nhttp://other.example.com/b"
	if _, err := client.RefreshObjectCaches(req); err != nil {
		t.Fatal(err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	logged := stderr.String()
	if !strings.Contains(logged, " RefreshObjectCaches 200 OK paths=2\n") || strings.Count(logged, "\n") != 1 {
		t.Fatalf("stderr %q", logged)
	}
	if strings.Contains(logged, "top-secret") || strings.Contains(logged, "tok") {
		t.Fatalf("a secret on stderr: %q", logged)
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-access-key-id", "id"}, &out, &out); err == nil {
		t.Fatal("no secret accepted")
	}
	if err := run(context.Background(), []string{"-h"}, &out, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	if err := run(context.Background(), []string{"-listen", "nowhere", "-access-key-id", "id", "-access-key-secret", "s"}, &out, &out); err == nil {
		t.Fatal("bad address accepted")
	}
}

// TestRunSetsSwitches: the rehearsal switches are flags as well as admin
// calls.
func TestRunSetsSwitches(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{
			"-listen", "127.0.0.1:0", "-access-key-id", "id", "-access-key-secret", "s",
			"-report-scheme", "-merge-window", "1m", "-sliding-second", "-fail-path", "example.com/a.js", "-fail-path", "example.com/b.js",
			"-pending-duration", "10s",
		}, outW, io.Discard)
		outW.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	resp, err := http.Get(strings.TrimSpace(strings.TrimPrefix(line, "alicloud-emulator listening on ")) + "/_emulator/switches")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := `{"report_scheme":true,"merge_window_ms":60000,"sliding_second":true,"fail_paths":{"example.com/a.js":"Origin Return StatusCode 5XX","example.com/b.js":"Origin Return StatusCode 5XX"},"pending_ms":10000}`
	if strings.TrimSpace(string(body)) != want {
		t.Fatalf("switches %s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}
