package emulator

import (
	"errors"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
)

func TestErrorFaults(t *testing.T) {
	for _, c := range []struct {
		kind   FaultKind
		call   func(v *env) error
		status int
		code   string
		msg    string
	}{
		{FaultThrottle, func(v *env) error { return second(v.refreshCDN("", "http://example.com/a")) }, 429, "TooManyRequests", "Too many requests, please try again later"},
		{FaultThrottle, func(v *env) error { return second(v.refreshVOD("", "example.com/a")) }, 503, "Throttling", "Request was denied due to request throttling."},
		{FaultServerError, func(v *env) error { return second(v.refreshDCDN("", "http://example.com/a")) }, 503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."},
		{FaultQueueFull, func(v *env) error { return second(v.refreshDCDN("", "http://example.com/a")) }, 400, "TooMany.Refresh", "The refresh queue is full; please try again later."},
		{FaultPerMinute, func(v *env) error { return second(v.refreshCDN("", "http://example.com/a")) }, 400, "QuotaPerMinuteExceeded.Refresh", "You tried to refresh too frequently, please try again later."},
	} {
		t.Run(string(c.kind)+" "+c.code, func(t *testing.T) {
			v := newEnv(t)
			v.srv.InjectFault(Fault{Kind: c.kind, Count: 2})
			for range 2 {
				if se := wantServerError(t, c.call(v), c.status, c.code); se.Message() != c.msg {
					t.Fatalf("message %q", se.Message())
				}
			}
			if err := c.call(v); err != nil {
				t.Fatalf("after the fault: %v", err)
			}
			log := v.srv.Requests()
			if len(log) != 3 || log[0].Code != c.code || log[1].HTTPStatus != c.status || !log[2].Accepted() {
				t.Fatalf("log %+v", log)
			}
			if n := len(v.srv.Tasks()); n != 1 {
				t.Fatalf("%d tasks: faulted calls took effect", n)
			}
		})
	}
}

func TestFaultMatching(t *testing.T) {
	v := newEnv(t)
	v.srv.InjectFault(Fault{Kind: FaultQueueFull, Actions: []string{"RefreshObjectCaches"}}) // Count 0 means 1
	v.srv.InjectFault(Fault{Kind: FaultServerError, Count: 1})
	if n := v.srv.PendingFaults(); n != 2 {
		t.Fatalf("%d faults pending, want 2", n)
	}
	// The quota look-up skips the Action-bound fault and takes the other.
	req := cdn.CreateDescribeRefreshQuotaRequest()
	v.at(req)
	wantError(t, second(v.cdn.DescribeRefreshQuota(req)), 503, "ServiceUnavailable")
	if n := v.srv.PendingFaults(); n != 1 {
		t.Fatalf("%d faults pending, want 1", n)
	}
	wantError(t, second(v.refreshCDN("", "http://example.com/a")), 400, "TooMany.Refresh")
	must(v.refreshCDN("", "http://example.com/a"))
	if n := v.srv.PendingFaults(); n != 0 {
		t.Fatalf("%d faults pending, want 0", n)
	}

	v.srv.InjectFault(Fault{Kind: FaultThrottle, Count: 5})
	v.srv.ClearFaults()
	must(v.refreshCDN("", "http://example.com/b"))

	defer func() {
		if recover() == nil {
			t.Fatal("an unknown kind did not panic")
		}
	}()
	v.srv.InjectFault(Fault{Kind: "meteor"})
}

// TestAutoRetryShowsInTheLog: the SDK's AutoRetry resends after a 5xx with
// a new nonce; the log shows both attempts.
func TestAutoRetryShowsInTheLog(t *testing.T) {
	v := newEnv(t)
	client := must(cdn.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithAutoRetry(true).WithMaxRetryTime(2),
		credentials.NewAccessKeyCredential(testID, testSecret)))
	v.srv.InjectFault(Fault{Kind: FaultServerError, Count: 1})
	req := cdn.CreateRefreshObjectCachesRequest()
	v.at(req)
	req.ObjectPath = "http://example.com/a"
	must(client.RefreshObjectCaches(req))
	log := v.srv.Requests()
	if len(log) != 2 || log[0].Code != "ServiceUnavailable" || !log[1].Accepted() ||
		log[0].Params["SignatureNonce"] == log[1].Params["SignatureNonce"] {
		t.Fatalf("log %+v", log)
	}
	if n := len(v.srv.Accepted("RefreshObjectCaches")); n != 1 {
		t.Fatalf("accepted %d", n)
	}
}

func TestSlowFault(t *testing.T) {
	v := newEnv(t)
	v.srv.InjectFault(Fault{Kind: FaultSlow, Delay: 150 * time.Millisecond})
	start := time.Now()
	must(v.refreshCDN("", "http://example.com/a"))
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("answered after %v", d)
	}

	// A client that gives up first: the call still takes effect.
	v.srv.InjectFault(Fault{Kind: FaultSlow, Delay: 5 * time.Second})
	req := cdn.CreateRefreshObjectCachesRequest()
	v.at(req)
	req.ObjectPath = "http://example.com/b"
	req.SetReadTimeout(100 * time.Millisecond)
	if _, err := v.cdn.RefreshObjectCaches(req); err == nil {
		t.Fatal("no timeout")
	}
	waitFor(t, func() bool { return len(v.srv.Accepted("RefreshObjectCaches")) == 2 })
}

func TestDropFault(t *testing.T) {
	v := newEnv(t)
	v.srv.InjectFault(Fault{Kind: FaultDrop})
	_, err := v.refreshCDN("", "http://example.com/a")
	var se *sdkerrors.ServerError
	if err == nil || errors.As(err, &se) {
		t.Fatalf("want a connection error, got %v", err)
	}
	log := v.srv.Requests()
	if len(log) != 1 || !log[0].Dropped || log[0].HTTPStatus != 0 || log[0].Accepted() {
		t.Fatalf("log %+v", log)
	}
	if len(v.srv.Tasks()) != 0 || v.cdnQuota().UrlRemain != "10000" {
		t.Fatal("a dropped call took effect")
	}

	// A lost response: the call takes effect, the client sees an error.
	v.srv.InjectFault(Fault{Kind: FaultDrop, AfterProcessing: true, Delay: 10 * time.Millisecond})
	if _, err := v.refreshCDN("", "http://example.com/b"); err == nil || errors.As(err, &se) {
		t.Fatalf("want a connection error, got %v", err)
	}
	got := v.srv.Accepted("RefreshObjectCaches")
	if len(got) != 1 || !got[0].Dropped || got[0].Params["ObjectPath"] != "http://example.com/b" {
		t.Fatalf("accepted %+v", got)
	}
	if len(v.srv.Tasks()) != 1 || v.cdnQuota().UrlRemain != "9999" {
		t.Fatal("a lost response did not take effect")
	}
}

// waitFor polls cond for up to two seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal("condition not met")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestDormantFault: a fault with After waits for a call of that action,
// and only then affects the calls it names.
func TestDormantFault(t *testing.T) {
	v := newEnv(t)
	v.srv.InjectFault(Fault{Kind: FaultServerError, Actions: []string{"RefreshObjectCaches"}, After: "DescribeRefreshQuota"})
	must(v.refreshCDN("", "http://example.com/a")) // dormant: passes
	req := cdn.CreateDescribeRefreshQuotaRequest()
	v.at(req)
	must(v.cdn.DescribeRefreshQuota(req))
	wantError(t, second(v.refreshCDN("", "http://example.com/b")), 503, "ServiceUnavailable")
	must(v.refreshCDN("", "http://example.com/b"))
}
