package alibaba

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// slowAnswer is far longer than any bound the tests set: a call that waits
// for it has not been cut short.
const slowAnswer = 40 * time.Second

// TestDeadlineCutsASlowSubmission: a refresh or prefetch whose answer is
// slower than the deadline ends with it. Alibaba may still carry it out
// (the emulator does, once the client leaves), so the error says the purge
// may land and where to check, and nothing is sent again.
func TestDeadlineCutsASlowSubmission(t *testing.T) {
	for _, tc := range []struct {
		action string
		submit func(context.Context, *Client) error
	}{
		{"RefreshObjectCaches", func(ctx context.Context, c *Client) error {
			_, err := c.Refresh(ctx, baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"}))
			return err
		}},
		{"PushObjectCache", func(ctx context.Context, c *Client) error {
			_, err := c.Preload(ctx, refresh.Preload{Service: refresh.CDN, Paths: []string{"example.com/a.js"}})
			return err
		}},
	} {
		t.Run(tc.action, func(t *testing.T) {
			c, srv := testClient(t)
			srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Delay: slowAnswer, Actions: []string{tc.action}})
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			start := time.Now()
			err := tc.submit(ctx, c)
			took := time.Since(start)
			t.Logf("the call ended %s after it began, with a 2s deadline", took.Round(time.Millisecond))
			if took > slowAnswer/4 {
				t.Fatalf("the call took %s: the deadline did not cut it", took)
			}
			var unconfirmed *UnconfirmedError
			if !errors.As(err, &unconfirmed) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err %v, want an UnconfirmedError at the deadline", err)
			}
			for _, want := range []string{tc.action, "may have been carried out", "may still land", "timeout ran out before the task list could be checked", "no answer before the timeout ran out", "cdn task list (DescribeRefreshTasks)"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q: %v", want, err)
				}
			}
			if unconfirmed.Service != refresh.CDN || unconfirmed.SentAt.Before(start) || unconfirmed.SentAt.After(start.Add(took)) {
				t.Errorf("unconfirmed %+v", unconfirmed)
			}
			// The emulator carries the call out once the client has left.
			for wait := time.Now().Add(5 * time.Second); len(srv.Accepted(tc.action)) == 0 && time.Now().Before(wait); {
				time.Sleep(10 * time.Millisecond)
			}
			if all, accepted := calls(srv, tc.action); all != 1 || accepted != 1 {
				t.Fatalf("%d calls sent, %d accepted: want the one call, carried out", all, accepted)
			}
		})
	}
}

// TestDeadlineCutsASlowLookUp: the task and quota look-ups end with the
// deadline too, and say that it was the deadline.
func TestDeadlineCutsASlowLookUp(t *testing.T) {
	for _, tc := range []struct {
		action string
		lookUp func(context.Context, *Client) error
	}{
		{"DescribeRefreshTaskById", func(ctx context.Context, c *Client) error {
			_, err := c.TasksByID(ctx, refresh.CDN, []string{"1"})
			return err
		}},
		{"DescribeRefreshTasks", func(ctx context.Context, c *Client) error {
			_, err := c.ListTasks(ctx, refresh.CDN, refresh.TaskFilter{})
			return err
		}},
		{"DescribeRefreshQuota", func(ctx context.Context, c *Client) error {
			_, err := c.Quota(ctx, refresh.CDN)
			return err
		}},
		{"DescribeRefreshQuota", func(ctx context.Context, c *Client) error { // the quota check of a split refresh
			r := baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"})
			r.Split = true
			_, err := c.Refresh(ctx, r)
			return err
		}},
	} {
		t.Run(tc.action, func(t *testing.T) {
			c, srv := testClient(t)
			srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Delay: slowAnswer, Actions: []string{tc.action}})
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			start := time.Now()
			err := tc.lookUp(ctx, c)
			took := time.Since(start)
			t.Logf("the look-up ended %s after it began, with a 1s deadline", took.Round(time.Millisecond))
			if took > slowAnswer/4 {
				t.Fatalf("the look-up took %s: the deadline did not cut it", took)
			}
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), tc.action) {
				t.Fatalf("err %v, want %s cut by the deadline", err, tc.action)
			}
			if all, _ := calls(srv, "RefreshObjectCaches"); all != 0 {
				t.Fatalf("%d refreshes sent after the quota check was cut short", all)
			}
		})
	}
}

// TestSmallerReadTimeoutKept: client_read_timeout below the deadline still
// ends a slow call; the refresh, which the emulator carries out once the
// client leaves, is then found in the task list rather than sent again.
func TestSmallerReadTimeoutKept(t *testing.T) {
	c, srv := newTestClient(t, emulator.Credential{AccessKeyID: testKey, AccessKeySecret: testSecret},
		Config{AccessKey: testKey, SecretKey: testSecret, ReadTimeout: time.Second})
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Delay: slowAnswer, Actions: []string{"RefreshObjectCaches"}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	res, err := c.Refresh(ctx, baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"}))
	took := time.Since(start)
	t.Logf("the refresh ended %s after it began, with a 1s read timeout", took.Round(time.Millisecond))
	if err != nil || len(res.TaskIDs) != 1 {
		t.Fatalf("Refresh = %+v, %v: want the landed task", res, err)
	}
	if took > slowAnswer/4 {
		t.Fatalf("the refresh took %s: the read timeout did not cut it", took)
	}
	if all, accepted := calls(srv, "RefreshObjectCaches"); all != 1 || accepted != 1 {
		t.Fatalf("%d refreshes sent, %d accepted: want one", all, accepted)
	}

	// A look-up cut by the read timeout says so, and not that the deadline passed.
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Delay: slowAnswer, Actions: []string{"DescribeRefreshQuota"}})
	_, err = c.Quota(ctx, refresh.CDN)
	if err == nil || !strings.Contains(err.Error(), "no answer within the read timeout, client_read_timeout (1s)") || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Quota: %v, want the read timeout", err)
	}
}

// TestMalformedEndpointSendsNothing: a call the SDK cannot build is
// reported plainly, once, and not as one that may have been carried out.
func TestMalformedEndpointSendsNothing(t *testing.T) {
	c, err := NewClient(Config{AccessKey: "k", SecretKey: "s", Region: DefaultRegion, Protocol: "HTTP",
		Endpoints: Endpoints{CDN: "cdn example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	var retries int
	c.Notify = func(context.Context, string, map[string]any) { retries++ }
	_, err = c.Refresh(context.Background(), baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"}))
	var unsent *UnsentError
	if !errors.As(err, &unsent) || strings.Contains(err.Error(), "may have been carried out") ||
		!strings.Contains(err.Error(), "nothing was sent") || retries != 0 {
		t.Fatalf("err %v after %d retries, want an UnsentError at once", err, retries)
	}
	for _, secret := range []string{"Signature", "AccessKeyId"} {
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("the error shows the signed query: %v", err)
		}
	}
	t.Log(err)
}

// TestRedirectIsNoAnswer: a server that redirects the call (a proxy, a
// captive portal; Alibaba's API never does) received the request, so the
// refresh may have been carried out: it is not reported as unsent.
func TestRedirectIsNoAnswer(t *testing.T) {
	redirect := httptest.NewServer(http.RedirectHandler("http://example.com/login?token=x", http.StatusFound))
	t.Cleanup(redirect.Close)
	c, err := NewClient(Config{AccessKey: "k", SecretKey: "s", Region: DefaultRegion, Protocol: "HTTP",
		Endpoints: Endpoints{CDN: strings.TrimPrefix(redirect.URL, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Refresh(context.Background(), baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"}))
	var unconfirmed *UnconfirmedError
	if !errors.As(err, &unconfirmed) || !strings.Contains(err.Error(), "answered 302 Found, a redirect to http://example.com/login") {
		t.Fatalf("err %v, want an UnconfirmedError naming the redirect", err)
	}
}

// TestDeadlineBeforeConnectingSaysNothingWasSent: a proxy that never
// answers the tunnel request holds the call until the deadline, before any
// connection to Alibaba: the error says nothing was sent, not that the
// refresh may have been carried out.
func TestDeadlineBeforeConnectingSaysNothingWasSent(t *testing.T) {
	proxy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })
	go func() {
		for {
			conn, err := proxy.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = conn.Close() }) // never answers CONNECT
		}
	}()
	for _, env := range []string{"HTTPS_PROXY", "https_proxy"} {
		t.Setenv(env, "http://"+proxy.Addr().String())
	}
	t.Setenv("NO_PROXY", "")
	t.Setenv("no_proxy", "")
	c, err := NewClient(Config{AccessKey: "k", SecretKey: "s", Region: DefaultRegion, Protocol: "HTTPS",
		Endpoints: Endpoints{CDN: "cdn.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = c.Refresh(ctx, baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"}))
	var te *TransportError
	if !errors.As(err, &te) || !te.Unsent || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want an unsent TransportError at the deadline", err)
	}
	if !strings.Contains(err.Error(), "nothing was sent") || strings.Contains(err.Error(), "no answer") {
		t.Fatalf("the error does not say that nothing was sent: %v", err)
	}
	t.Log(err)
}
