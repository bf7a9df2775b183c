package alibaba

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// metadataTarget is where the SDK's instance metadata requests go: the
// emulator of the test that reads them, or nowhere.
var metadataTarget atomic.Value

// TestMain lets the process trust the emulator's certificate and routes
// the SDK's instance metadata requests to metadataTarget.
func TestMain(m *testing.M) {
	metadataTarget.Store("")
	os.Exit(emulator.RunTests(m, func() string { return metadataTarget.Load().(string) }))
}

const renewalRole = "acs:ram::1234567890123456:role/refresher"

// renewingSource is a credential source whose credentials the SDK renews
// before every call (the emulator hands out short-lived ones), and the
// action whose faults make a renewal fail.
type renewingSource struct {
	name   string
	action string // emulator.MetadataCredentials or AssumeRole
	source string // as the errors name it
	start  func(t *testing.T) (*Client, *emulator.Server)
}

var renewingSources = []renewingSource{
	{"ecs_role_name", emulator.MetadataCredentials, `ecs_role_name "EcsRefresher" (instance metadata)`, func(t *testing.T) (*Client, *emulator.Server) {
		srv, err := emulator.Start(emulator.Options{InstanceRole: "EcsRefresher", CredentialLife: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		metadataTarget.Store(srv.Addr())
		t.Cleanup(func() { metadataTarget.Store(""); _ = srv.Close() })
		return renewingClient(t, srv, Config{ECSRoleName: "EcsRefresher", Protocol: "HTTP"}), srv
	}},
	{"assume_role", "AssumeRole", "assume_role " + renewalRole + " with access_key and secret_key", func(t *testing.T) (*Client, *emulator.Server) {
		srv, err := emulator.StartTLS(emulator.Options{
			Credentials:    []emulator.Credential{{AccessKeyID: testKey, AccessKeySecret: testSecret}},
			Roles:          []emulator.Role{{ARN: renewalRole}},
			CredentialLife: time.Minute,
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
		return renewingClient(t, srv, Config{AccessKey: testKey, SecretKey: testSecret, AssumeRole: &AssumeRole{RoleARN: renewalRole},
			Protocol: "HTTPS", Endpoints: Endpoints{STS: srv.Addr()}}), srv
	}},
}

func renewingClient(t *testing.T, srv *emulator.Server, cfg Config) *Client {
	t.Helper()
	cfg.Region = DefaultRegion
	cfg.Endpoints.CDN, cfg.Endpoints.DCDN, cfg.Endpoints.VOD = srv.Addr(), srv.Addr(), srv.Addr()
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCredentialRenewalFailingOnce: a renewal that fails is tried again,
// as nothing was sent, without asking the task list whether it landed,
// and the refresh then goes out once.
func TestCredentialRenewalFailingOnce(t *testing.T) {
	for _, src := range renewingSources {
		t.Run(src.name, func(t *testing.T) {
			c, srv := src.start(t)
			var retries []string
			c.Notify = func(_ context.Context, msg string, fields map[string]any) {
				retries = append(retries, fields["error"].(string))
			}
			srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Actions: []string{src.action}})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			res, err := c.Refresh(ctx, baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"}))
			if err != nil || len(res.TaskIDs) != 1 {
				t.Fatalf("Refresh = %+v, %v", res, err)
			}
			if srv.PendingFaults() != 0 {
				t.Fatal("the renewal never failed: the test proves nothing")
			}
			if len(retries) != 1 || !strings.Contains(retries[0], "getting Alibaba Cloud credentials from "+src.source) {
				t.Fatalf("retries %q, want one, after the renewal failed", retries)
			}
			if all, accepted := calls(srv, "RefreshObjectCaches"); all != 1 || accepted != 1 {
				t.Fatalf("%d refreshes sent, %d accepted: want one", all, accepted)
			}
			// Nothing was sent: no task list to ask whether it landed.
			if all, _ := calls(srv, "DescribeRefreshTasks"); all != 0 {
				t.Fatalf("%d task-list look-ups after a renewal that failed before sending", all)
			}
		})
	}
}

// TestCredentialRenewalFailingBeforeTheQuotaCheck: the quota check of a
// split refresh, a look-up, tries a failed renewal again too.
func TestCredentialRenewalFailingBeforeTheQuotaCheck(t *testing.T) {
	for _, src := range renewingSources {
		t.Run(src.name, func(t *testing.T) {
			c, srv := src.start(t)
			srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Actions: []string{src.action}})
			r := baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"})
			r.Split = true
			if _, err := c.Refresh(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			if srv.PendingFaults() != 0 {
				t.Fatal("the renewal never failed: the test proves nothing")
			}
			if all, accepted := calls(srv, "RefreshObjectCaches"); all != 1 || accepted != 1 {
				t.Fatalf("%d refreshes sent, %d accepted: want one", all, accepted)
			}
		})
	}
}

// TestCredentialRenewalFailingAlways: renewals that keep failing are tried
// until the deadline, and the error names the source and says that nothing
// was sent, never that the refresh may have been carried out.
func TestCredentialRenewalFailingAlways(t *testing.T) {
	for _, src := range renewingSources {
		for _, kind := range []emulator.FaultKind{emulator.FaultServerError, emulator.FaultSlow} {
			t.Run(src.name+" "+string(kind), func(t *testing.T) {
				c, srv := src.start(t)
				f := emulator.Fault{Kind: kind, Count: 1000, Actions: []string{src.action}}
				if kind == emulator.FaultSlow {
					f.Delay = slowAnswer
				}
				srv.InjectFault(f)
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				defer cancel()
				start := time.Now()
				_, err := c.Refresh(ctx, baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"}))
				took := time.Since(start)
				t.Logf("the refresh ended %s after it began, with a 3s deadline: %v", took.Round(time.Millisecond), err)
				if took > slowAnswer/4 {
					t.Fatalf("the refresh took %s: the deadline did not cut the renewal", took)
				}
				var ce *CredentialError
				var unconfirmed *UnconfirmedError
				if !errors.As(err, &ce) || errors.As(err, &unconfirmed) || strings.Contains(err.Error(), "may have been carried out") {
					t.Fatalf("err %v, want a credential error", err)
				}
				if want := "RefreshObjectCaches was not sent: getting Alibaba Cloud credentials from " + src.source; !strings.Contains(err.Error(), want) {
					t.Fatalf("the error does not say %q: %v", want, err)
				}
				if kind == emulator.FaultServerError && !regexp.MustCompile(`tried [2-9] times`).MatchString(err.Error()) {
					t.Fatalf("the renewal was not tried again: %v", err)
				}
				if all, _ := calls(srv, "RefreshObjectCaches"); all != 0 {
					t.Fatalf("%d refreshes sent", all)
				}
			})
		}
	}
}

// TestCredentialRenewalRefused: a source that refuses the renewal (a role
// deleted since the provider was configured) ends the call at once, saying
// that nothing was sent, instead of being retried until the deadline.
func TestCredentialRenewalRefused(t *testing.T) {
	src := renewingSources[1] // assume_role
	c, srv := src.start(t)
	srv.RevokeRole(renewalRole)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	_, err := c.Refresh(ctx, baseRequest(refresh.CDN, refresh.File, []string{"example.com/a.js"}))
	took := time.Since(start)
	t.Logf("the refresh ended %s after it began, with a 1m deadline: %v", took.Round(time.Millisecond), err)
	var ce *CredentialError
	if !errors.As(err, &ce) || !ce.Refused || !strings.Contains(err.Error(), "EntityNotExist.Role") {
		t.Fatalf("err %v, want the refusal of the role", err)
	}
	if want := "RefreshObjectCaches was not sent: getting Alibaba Cloud credentials from " + src.source; !strings.Contains(err.Error(), want) {
		t.Fatalf("the error does not say %q: %v", want, err)
	}
	if took > 30*time.Second || strings.Contains(err.Error(), "tried") {
		t.Fatalf("a refused renewal was tried again for %s: %v", took, err)
	}
	if all, _ := calls(srv, "RefreshObjectCaches"); all != 0 {
		t.Fatalf("%d refreshes sent", all)
	}
}

// TestCredentialRenewalRefusedForALookUp: a task look-up whose renewal the
// source refuses ends at once too, asking STS once rather than again after
// each of the look-up's retries.
func TestCredentialRenewalRefusedForALookUp(t *testing.T) {
	c, srv := renewingSources[1].start(t) // assume_role
	srv.RevokeRole(renewalRole)
	before, _ := calls(srv, "AssumeRole")
	_, err := c.TasksByID(context.Background(), refresh.CDN, []string{"1"})
	var ce *CredentialError
	if !errors.As(err, &ce) || !ce.Refused {
		t.Fatalf("err %v, want the refusal of the role", err)
	}
	if after, _ := calls(srv, "AssumeRole"); after-before != 1 {
		t.Fatalf("STS was asked %d times for one look-up: a refused renewal was tried again", after-before)
	}
}

func TestRefusedRenewal(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{sdkerrors.NewServerError(404, `{"Code":"EntityNotExist.Role"}`, ""), true},
		{sdkerrors.NewServerError(403, `{"Code":"NoPermission"}`, ""), true},
		{sdkerrors.NewServerError(429, `{"Code":"Throttling"}`, ""), false},
		{sdkerrors.NewServerError(503, `{"Code":"ServiceUnavailable"}`, ""), false},
		{errors.New("refresh Ecs sts token err, httpStatus: 404, message = Not Found"), true},
		{errors.New("refresh Ecs sts token err, httpStatus: 429, message = slow down"), false},
		{errors.New("refresh Ecs sts token err, httpStatus: 500, message = oops"), false},
		{errors.New("dial tcp 100.100.100.200:80: i/o timeout"), false},
	} {
		if got := refusedRenewal(tc.err); got != tc.want {
			t.Errorf("refusedRenewal(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
