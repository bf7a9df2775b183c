package alibaba

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

const (
	testKey    = "LTAItestkey"
	testSecret = "test-secret"
)

func newTestClient(t *testing.T, cred emulator.Credential, cfg Config) (*Client, *emulator.Server) {
	t.Helper()
	srv, err := emulator.Start(emulator.Options{
		Credentials: []emulator.Credential{cred},
		// The default IgnoreParams quota (100 a day) is below what one
		// request may carry (1,000); accounts can have it raised.
		Quotas: []emulator.Quota{
			{Product: "cdn", Counter: "IgnoreParams", Daily: 10000},
			{Product: "dcdn", Counter: "IgnoreParams", Daily: 10000},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	cfg.Protocol = "HTTP"
	cfg.Region = DefaultRegion
	cfg.Endpoints = Endpoints{CDN: srv.Addr(), DCDN: srv.Addr(), VOD: srv.Addr()}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func testClient(t *testing.T) (*Client, *emulator.Server) {
	return newTestClient(t, emulator.Credential{AccessKeyID: testKey, AccessKeySecret: testSecret},
		Config{AccessKey: testKey, SecretKey: testSecret})
}

// TestLimitsAgreeWithEmulator sends each per-request limit to the emulator,
// which encodes the seeds' numbers on its own: the limit itself must be
// accepted, and one more (sent without validation) refused with the code
// the provider's message names. A wrong number on either side fails here.
func TestLimitsAgreeWithEmulator(t *testing.T) {
	gen := map[refresh.ObjectType]func(i int) string{
		refresh.File:         func(i int) string { return fmt.Sprintf("example.com/f%d.js", i) },
		refresh.IgnoreParams: func(i int) string { return fmt.Sprintf("example.com/f%d.js", i) },
		refresh.Directory:    func(i int) string { return fmt.Sprintf("example.com/d%d/", i) },
		refresh.Regex:        func(i int) string { return fmt.Sprintf("example.com/r%d/.*", i) },
	}
	for _, svc := range refresh.Services {
		for _, typ := range refresh.ObjectTypes {
			t.Run(fmt.Sprintf("%s/%s", svc, typ), func(t *testing.T) {
				limit := refresh.Table[svc].PerRequest[typ].Max
				paths := make([]string, limit+1)
				for i := range paths {
					paths[i] = gen[typ](i)
				}
				c, srv := testClient(t)
				r := baseRequest(svc, typ, paths[:limit])
				res, err := c.Refresh(context.Background(), r)
				if err != nil || len(res.TaskIDs) == 0 {
					t.Fatalf("%d paths, the limit: %v", limit, err)
				}
				sent := srv.Accepted(svc.Operation())
				if len(sent) != 1 || sent[0].Params["ObjectPath"] != strings.Join(r.Paths, "\n") || sent[0].Params["ObjectType"] != string(typ) {
					t.Fatalf("the emulator did not receive the paths in order: %+v", sent)
				}

				// One more: the provider refuses it without a call...
				c2, srv2 := testClient(t)
				over := baseRequest(svc, typ, paths)
				var ps refresh.Problems
				if _, err := c2.Refresh(context.Background(), over); !errors.As(err, &ps) || len(srv2.Requests()) != 0 {
					t.Fatalf("%d paths: want Problems and no request, got %v and %d requests", limit+1, err, len(srv2.Requests()))
				}
				// ...and the API would have refused it as well.
				var apiErr *APIError
				if err := sendOnce(t, c2, over); !errors.As(err, &apiErr) || apiErr.Code != "SingleRequest.OverLimit" {
					t.Fatalf("the emulator took %d paths: %v", limit+1, err)
				}
			})
		}
	}
}

func TestPathRulesAgreeWithEmulator(t *testing.T) {
	long := "example.com/" + strings.Repeat("a", 1024-len("example.com/"))
	// 1,024 characters as sent: each "é" is sent as %C3%A9.
	longEncoded := "example.com/" + strings.Repeat("é", 168) + "aaaa"
	domains := func(n int) []string {
		ps := make([]string, n)
		for i := range ps {
			ps[i] = fmt.Sprintf("d%d.example.com/a.js", i)
		}
		return ps
	}
	tests := []struct {
		name     string
		ok, over refresh.Request
		code     string
	}{
		{"path length", baseRequest(refresh.CDN, refresh.File, []string{long}), baseRequest(refresh.CDN, refresh.File, []string{long + "a"}), "InvalidObjectPath.Size.Malformed"},
		{"length as sent, percent-encoded", baseRequest(refresh.DCDN, refresh.File, []string{longEncoded}), baseRequest(refresh.DCDN, refresh.File, []string{longEncoded + "a"}), "InvalidObjectPath.Size.Malformed"},
		{"punycode domain", baseRequest(refresh.CDN, refresh.File, []string{"xn--fsqu00a.xn--0zwm56d/a.png"}), baseRequest(refresh.CDN, refresh.File, []string{"例子.测试/a.png"}), "InvalidObjectPath.Malformed"},
		{"URL in the query", baseRequest(refresh.CDN, refresh.File, []string{"example.com/r?next=http://b.com/x"}), baseRequest(refresh.CDN, refresh.File, []string{"ftp://example.com/x"}), "InvalidObjectPath.Malformed"},
		{"cdn domains", baseRequest(refresh.CDN, refresh.File, domains(10)), baseRequest(refresh.CDN, refresh.File, domains(11)), "InvalidObjectPath.Malformed"},
		{"edge routine domains", baseRequest(refresh.EdgeRoutine, refresh.File, domains(1)), baseRequest(refresh.EdgeRoutine, refresh.File, domains(2)), "InvalidObjectPath.Malformed"},
		{"wildcard", baseRequest(refresh.DCDN, refresh.File, []string{"a.example.com/x"}), baseRequest(refresh.DCDN, refresh.File, []string{"*.example.com/x"}), "InvalidExtensiveDomain.ValueNotSupported"},
		{"space sent encoded, tab refused", baseRequest(refresh.VOD, refresh.File, []string{"example.com/a b"}), baseRequest(refresh.VOD, refresh.File, []string{"example.com/a\tb"}), "InvalidObjectPath.Malformed"},
		{"directory slash", baseRequest(refresh.CDN, refresh.Directory, []string{"example.com/d/"}), baseRequest(refresh.CDN, refresh.Directory, []string{"example.com/d"}), "InvalidObjectPath.Malformed"},
		{"routine id", baseRequest(refresh.EdgeRoutine, refresh.File, []string{"example.com/a"}), refresh.Request{Service: refresh.EdgeRoutine, ObjectType: refresh.File, Paths: []string{"example.com/a"}, RoutineID: "name"}, "InvalidParameters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := testClient(t)
			if _, err := c.Refresh(context.Background(), tc.ok); err != nil {
				t.Fatalf("valid request refused: %v", err)
			}
			if ps := tc.over.Validate(); len(ps) == 0 {
				t.Fatalf("the provider accepts %v", tc.over.Paths)
			}
			var apiErr *APIError
			if err := sendOnce(t, c, tc.over); !errors.As(err, &apiErr) || apiErr.Code != tc.code {
				t.Fatalf("want the emulator to answer %s, got %v", tc.code, err)
			}
		})
	}
}

// TestSignatureErrorHidesToken: a signature error quotes the server's string
// to sign, which holds the security token; the error must not.
func TestSignatureErrorHidesToken(t *testing.T) {
	const token = "sts-token-must-not-leak"
	c, srv := newTestClient(t,
		emulator.Credential{AccessKeyID: testKey, AccessKeySecret: testSecret, SecurityToken: token},
		Config{AccessKey: testKey, SecretKey: "wrong-secret", SecurityToken: token})
	_, err := c.Refresh(context.Background(), baseRequest(refresh.CDN, refresh.File, []string{"example.com/a"}))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "SignatureDoesNotMatch" {
		t.Fatalf("want SignatureDoesNotMatch, got %v", err)
	}
	if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "wrong-secret") {
		t.Fatalf("the error shows a secret: %v", err)
	}
	if apiErr.RequestID == "" || !strings.Contains(err.Error(), apiErr.RequestID) {
		t.Fatalf("the error lacks the RequestId: %v", err)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Params["SecurityToken"] == token {
		t.Fatalf("the emulator log shows the token: %+v", reqs)
	}
}

func TestSTSCredentials(t *testing.T) {
	c, srv := newTestClient(t,
		emulator.Credential{AccessKeyID: testKey, AccessKeySecret: testSecret, SecurityToken: "tok"},
		Config{AccessKey: testKey, SecretKey: testSecret, SecurityToken: "tok"})
	if _, err := c.Refresh(context.Background(), baseRequest(refresh.DCDN, refresh.File, []string{"example.com/a"})); err != nil {
		t.Fatal(err)
	}
	if got := srv.Accepted("RefreshDcdnObjectCaches"); len(got) != 1 {
		t.Fatalf("want one accepted call, got %+v", srv.Requests())
	}
}

// TestTransportErrorHidesSecrets: a call that gets no answer fails with the
// operation and the cause, never the signed URL, whose query carries the
// signature and the token.
func TestTransportErrorHidesSecrets(t *testing.T) {
	const token = "sts-token-must-not-leak"
	c, err := NewClient(Config{AccessKey: "k", SecretKey: "s", SecurityToken: token, Region: DefaultRegion, Protocol: "HTTP",
		Endpoints: Endpoints{CDN: "127.0.0.1:1", DCDN: "127.0.0.1:1"}})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing listens: every try fails to connect, until the deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, refreshErr := c.Refresh(ctx, baseRequest(refresh.CDN, refresh.File, []string{"example.com/a"}))
	_, quotaErr := c.Quota(context.Background(), refresh.DCDN)
	for _, err := range []error{refreshErr, quotaErr} {
		var te *TransportError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), "127.0.0.1:1") {
			t.Fatalf("want a transport error saying where, got %v", err)
		}
		for _, secret := range []string{token, "Signature=", "SecurityToken", "AccessKeyId"} {
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("the error shows %q: %v", secret, err)
			}
		}
	}
}

// TestDefaultEndpoints sends through the emulator as an HTTP proxy, so that
// each call shows the host the SDK resolved: VOD goes to China (Shanghai)
// whatever the region, the others follow the region.
func TestDefaultEndpoints(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{Credentials: []emulator.Credential{{AccessKeyID: testKey, AccessKeySecret: testSecret}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	t.Setenv("HTTP_PROXY", srv.URL())
	t.Setenv("NO_PROXY", "")

	tests := []struct {
		region   string
		svc      refresh.Service
		override Endpoints
		host     string
	}{
		{"ap-southeast-1", refresh.VOD, Endpoints{}, "vod.cn-shanghai.aliyuncs.com"},
		{"eu-central-1", refresh.VOD, Endpoints{}, "vod.cn-shanghai.aliyuncs.com"},
		{"cn-hangzhou", refresh.VOD, Endpoints{VOD: "vod.internal.example.com:8080"}, "vod.internal.example.com:8080"},
		{"cn-hangzhou", refresh.CDN, Endpoints{}, "cdn.aliyuncs.com"},
		{"ap-southeast-1", refresh.CDN, Endpoints{}, "cdn.ap-southeast-1.aliyuncs.com"},
		{"ap-southeast-1", refresh.DCDN, Endpoints{}, "dcdn.aliyuncs.com"},
		{"cn-hangzhou", refresh.EdgeRoutine, Endpoints{DCDN: "dcdn.internal.example.com"}, "dcdn.internal.example.com"},
	}
	for _, tc := range tests {
		c, err := NewClient(Config{AccessKey: testKey, SecretKey: testSecret, Region: tc.region, Protocol: "HTTP", Endpoints: tc.override})
		if err != nil {
			t.Fatal(err)
		}
		srv.ResetRequests()
		if _, err := c.Refresh(context.Background(), baseRequest(tc.svc, refresh.File, []string{"example.com/a"})); err != nil {
			t.Fatalf("%s in %s: %v", tc.svc, tc.region, err)
		}
		reqs := srv.Requests()
		if len(reqs) != 1 || reqs[0].Host != tc.host {
			t.Errorf("%s in %s went to %+v, want %s", tc.svc, tc.region, reqs, tc.host)
		}
		if tc.svc == refresh.VOD && reqs[0].Params["RegionId"] != VODRegion {
			t.Errorf("VOD call in region %s", reqs[0].Params["RegionId"])
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, names := range [][]string{EnvAccessKey, EnvSecretKey, EnvSecurityToken, EnvRegion} {
		for _, n := range names {
			t.Setenv(n, "")
		}
	}
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "from-sdk-name")
	t.Setenv("ALIBABACLOUD_ACCESS_KEY_ID", "from-cli-name")
	t.Setenv("ALIBABACLOUD_ACCESS_KEY_SECRET", "secret")
	t.Setenv("ALIBABA_CLOUD_REGION", "ap-southeast-1")

	var c Config
	c.FromEnv()
	if c.AccessKey != "from-sdk-name" || c.SecretKey != "secret" || c.Region != "ap-southeast-1" || c.Protocol != "HTTPS" {
		t.Fatalf("FromEnv = %+v", c)
	}
	c = Config{AccessKey: "explicit", Protocol: "HTTP"}
	c.FromEnv()
	if c.AccessKey != "explicit" || c.Protocol != "HTTP" {
		t.Fatalf("explicit values must win: %+v", c)
	}
	// A token left in the environment without a key does not spoil a
	// profile (or URI, or ECS role) configuration.
	for _, names := range [][]string{EnvAccessKey, EnvSecretKey} {
		for _, n := range names {
			t.Setenv(n, "")
		}
	}
	t.Setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "stale-token")
	c = Config{Profile: "default"}
	c.FromEnv()
	if c.SecurityToken != "" || c.Check() != nil {
		t.Fatalf("a stale token in the environment: token %q, check %v", c.SecurityToken, c.Check())
	}
	if err := (Config{Protocol: "HTTPS"}).Check(); err == nil || !strings.Contains(err.Error(), "ALICLOUD_ACCESS_KEY") {
		t.Fatalf("missing credentials: %v", err)
	}
}

// TestSlowCallHoldsNoOther: a call that is slow to answer does not hold up
// another of the same service; calls take turns only for an SDK client,
// and there are several.
func TestSlowCallHoldsNoOther(t *testing.T) {
	c, srv := testClient(t)
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Delay: 3 * time.Second, Actions: []string{"RefreshObjectCaches"}})
	slowDone := make(chan error, 1)
	go func() {
		_, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/slow.js"}})
		slowDone <- err
	}()
	for srv.PendingFaults() > 0 { // until the slow call has arrived
		time.Sleep(time.Millisecond)
	}
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/quick.js"}}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-slowDone:
		t.Fatalf("the quick refresh waited for the slow one (which returned %v)", err)
	default:
	}
	if err := <-slowDone; err != nil {
		t.Fatal(err)
	}
}

// TestWaitingForAClientEndsWithContext: when every SDK client is busy, a
// call waits for one only as long as its context lasts, and sends nothing.
func TestWaitingForAClientEndsWithContext(t *testing.T) {
	c, srv := testClient(t)
	var held []*sdkClients
	for range maxSDKClients {
		s, err := c.sdk.take(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Refresh(ctx, refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a.js"}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want the deadline", err)
	}
	for _, s := range held {
		c.sdk.give(s)
	}
	if all, _ := calls(srv, "RefreshObjectCaches"); all != 0 {
		t.Fatalf("%d refreshes sent", all)
	}
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a.js"}}); err != nil {
		t.Fatalf("once the clients are back: %v", err)
	}
}

// sendOnce makes r's call as it is, on an SDK client borrowed for it, and
// returns its error.
func sendOnce(t *testing.T, c *Client, r refresh.Request) error {
	t.Helper()
	s, err := c.sdk.take(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.sdk.give(s)
	_, err = c.send(s, r)
	return err
}
