package emulator

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
)

// metadataTarget is the emulator a test's metadata requests go to.
var metadataTarget atomic.Value // string

// TestMain makes the process trust StartTLS servers (the SDK's STS client
// uses the system roots, read once per process) and routes the SDK's
// instance metadata requests to metadataTarget.
func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "emulator-tls")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(dir)
		pem, err := CertificatePEM()
		if err != nil {
			panic(err)
		}
		file := filepath.Join(dir, "emulator.pem")
		if err := os.WriteFile(file, pem, 0o600); err != nil {
			panic(err)
		}
		os.Setenv("SSL_CERT_FILE", file)
		metadataTarget.Store("")
		http.DefaultTransport.(*http.Transport).Proxy = MetadataProxy(func() string { return metadataTarget.Load().(string) }, nil)
		return m.Run()
	}())
}

const testRole = "acs:ram::1234567890123456:role/refresher"

func startSTS(t *testing.T, roles ...Role) *Server {
	t.Helper()
	srv, err := StartTLS(Options{Credentials: []Credential{{AccessKeyID: testID, AccessKeySecret: testSecret}}, Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// assumeRole calls AssumeRole through the SDK's RAM role provider, as the
// provider does, with the test key pair as the base credential.
func assumeRole(srv *Server, base credentials.CredentialsProvider, configure func(*credentials.RAMRoleARNCredentialsProviderBuilder)) (*credentials.Credentials, error) {
	if base == nil {
		base = credentials.NewStaticAKCredentialsProvider(testID, testSecret)
	}
	b := credentials.NewRAMRoleARNCredentialsProviderBuilder().
		WithCredentialsProvider(base).
		WithRoleArn(testRole).
		WithRoleSessionName("terraform").
		WithStsEndpoint(srv.Addr())
	if configure != nil {
		configure(b)
	}
	p, err := b.Build()
	if err != nil {
		return nil, err
	}
	return p.GetCredentials()
}

// refreshWith makes a CDN call over HTTPS signed with cc.
func refreshWith(t *testing.T, srv *Server, cc *credentials.Credentials) error {
	t.Helper()
	client, err := cdn.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewStaticSTSCredentialsProvider(cc.AccessKeyId, cc.AccessKeySecret, cc.SecurityToken))
	if err != nil {
		t.Fatal(err)
	}
	req := cdn.CreateRefreshObjectCachesRequest()
	req.SetDomain(srv.Addr())
	req.SetScheme("https")
	req.ObjectPath = "example.com/a.js"
	_, err = client.RefreshObjectCaches(req)
	return err
}

func TestAssumeRoleOverTLS(t *testing.T) {
	srv := startSTS(t, Role{ARN: testRole, ExternalID: "ext-1", MaxSessionDuration: 12 * time.Hour})
	before := time.Now()
	cc, err := assumeRole(srv, nil, func(b *credentials.RAMRoleARNCredentialsProviderBuilder) {
		b.WithDurationSeconds(43200).WithExternalId("ext-1").WithPolicy(`{"Version":"1","Statement":[]}`)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cc.AccessKeyId, "STS.") || cc.AccessKeySecret == "" || cc.SecurityToken == "" {
		t.Fatalf("credentials %+v", cc)
	}
	issued := srv.Issued()
	if len(issued) != 1 || issued[0].AccessKeyID != cc.AccessKeyId {
		t.Fatalf("issued %+v", issued)
	}
	if exp := issued[0].Expiration; exp.Before(before.Add(12*time.Hour-time.Second)) || exp.After(time.Now().Add(12*time.Hour)) {
		t.Fatalf("expiration %s, want 12 hours from now", exp)
	}

	// The temporary credential signs API calls; the base key pair made the
	// AssumeRole call, with its parameters in the signed form body.
	if err := refreshWith(t, srv, cc); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Product != "sts" || reqs[0].Action != "AssumeRole" || !reqs[0].Accepted() ||
		reqs[0].Method != http.MethodPost || reqs[0].Params["AccessKeyId"] != testID || reqs[0].Params["RoleArn"] != testRole ||
		reqs[0].Params["DurationSeconds"] != "43200" || reqs[0].Params["ExternalId"] != "ext-1" {
		t.Fatalf("requests %+v", reqs)
	}
	if reqs[1].Params["AccessKeyId"] != cc.AccessKeyId || reqs[1].Params["SecurityToken"] != "REDACTED" || !reqs[1].Accepted() {
		t.Fatalf("refresh %+v", reqs[1])
	}

	// Role chaining: the temporary credential assumes the role again; its
	// token travels in the query and the log hides it.
	chained, err := assumeRole(srv, credentials.NewStaticSTSCredentialsProvider(cc.AccessKeyId, cc.AccessKeySecret, cc.SecurityToken),
		func(b *credentials.RAMRoleARNCredentialsProviderBuilder) { b.WithExternalId("ext-1") })
	if err != nil || chained.AccessKeyId == cc.AccessKeyId {
		t.Fatalf("chained: %+v %v", chained, err)
	}
	for _, r := range srv.Requests() {
		for k, v := range r.Params {
			for _, secret := range []string{cc.AccessKeySecret, cc.SecurityToken, chained.AccessKeySecret, chained.SecurityToken} {
				if strings.Contains(v, secret) {
					t.Errorf("request %d logs a secret in %s", r.Seq, k)
				}
			}
		}
	}
}

func TestAssumeRoleErrors(t *testing.T) {
	srv := startSTS(t, Role{ARN: testRole, ExternalID: "ext-1", MaxSessionDuration: 12 * time.Hour},
		Role{ARN: "acs:ram::1234567890123456:role/short"})
	tests := []struct {
		name      string
		configure func(*credentials.RAMRoleARNCredentialsProviderBuilder)
		status    int
		code      string
	}{
		{"unknown role", func(b *credentials.RAMRoleARNCredentialsProviderBuilder) {
			b.WithRoleArn("acs:ram::1234567890123456:role/nobody")
		}, 404, "EntityNotExist.Role"},
		{"over the role's maximum", func(b *credentials.RAMRoleARNCredentialsProviderBuilder) {
			b.WithExternalId("ext-1").WithDurationSeconds(43201)
		}, 400, "InvalidParameter.DurationSeconds"},
		{"over the default maximum", func(b *credentials.RAMRoleARNCredentialsProviderBuilder) {
			b.WithRoleArn("acs:ram::1234567890123456:role/short").WithDurationSeconds(3601)
		}, 400, "InvalidParameter.DurationSeconds"},
		{"wrong external ID", func(b *credentials.RAMRoleARNCredentialsProviderBuilder) { b.WithExternalId("ext-2") }, 403, "NoPermission"},
		{"no external ID", nil, 403, "NoPermission"},
		{"session name", func(b *credentials.RAMRoleARNCredentialsProviderBuilder) {
			b.WithExternalId("ext-1").WithRoleSessionName("a")
		}, 400, "InvalidParameter.RoleSessionName"},
		{"policy", func(b *credentials.RAMRoleARNCredentialsProviderBuilder) {
			b.WithExternalId("ext-1").WithPolicy("{not json")
		}, 400, "InvalidParameter.PolicyGrammar"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := assumeRole(srv, nil, tc.configure)
			wantError(t, err, tc.status, tc.code)
		})
	}
	_, err := assumeRole(srv, credentials.NewStaticAKCredentialsProvider(testID, "wrong"), nil)
	wantError(t, err, 400, "SignatureDoesNotMatch")
	if n := len(srv.Issued()); n != 0 {
		t.Fatalf("%d credentials issued", n)
	}
	// At the boundaries it answers.
	for _, d := range []int{900, 43200} {
		if _, err := assumeRole(srv, nil, func(b *credentials.RAMRoleARNCredentialsProviderBuilder) {
			b.WithExternalId("ext-1").WithDurationSeconds(d)
		}); err != nil {
			t.Errorf("DurationSeconds %d: %v", d, err)
		}
	}
}

func TestExpiredTemporaryCredential(t *testing.T) {
	srv, err := StartTLS(Options{Credentials: []Credential{
		{AccessKeyID: "STS.old", AccessKeySecret: "s", SecurityToken: "t", Expiration: time.Now().Add(-time.Second)},
		{AccessKeyID: "STS.new", AccessKeySecret: "s", SecurityToken: "t", Expiration: time.Now().Add(time.Hour)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	wantError(t, refreshWith(t, srv, &credentials.Credentials{AccessKeyId: "STS.old", AccessKeySecret: "s", SecurityToken: "t"}), 400, "InvalidSecurityToken.Expired")
	if err := refreshWith(t, srv, &credentials.Credentials{AccessKeyId: "STS.new", AccessKeySecret: "s", SecurityToken: "t"}); err != nil {
		t.Fatal(err)
	}
}

func TestStartTLSServesHTTPSOnly(t *testing.T) {
	srv := startSTS(t)
	if !strings.HasPrefix(srv.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %s", srv.URL())
	}
	resp, err := http.Get(srv.URL() + "/_emulator/requests")
	if err != nil {
		t.Fatalf("the process does not trust the emulator's certificate: %v", err)
	}
	resp.Body.Close()
	if resp, err := http.Get(fmt.Sprintf("http://%s/_emulator/requests", srv.Addr())); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Fatal("plain HTTP answered on the TLS port")
		}
	}
}

// TestAssumeRoleFaults: STS takes the faults that name AssumeRole, and
// CredentialLife shortens the credentials it hands out.
func TestAssumeRoleFaults(t *testing.T) {
	srv, err := StartTLS(Options{Credentials: []Credential{{AccessKeyID: testID, AccessKeySecret: testSecret}},
		Roles: []Role{{ARN: testRole}}, CredentialLife: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	srv.InjectFault(Fault{Kind: FaultServerError, Actions: []string{"AssumeRole"}})
	if _, err := assumeRole(srv, nil, nil); err == nil || !strings.Contains(err.Error(), "ServiceUnavailable") {
		t.Fatalf("AssumeRole with a fault: %v", err)
	}
	if _, err := assumeRole(srv, nil, nil); err != nil {
		t.Fatal(err)
	}
	if exp := srv.Issued()[0].Expiration; time.Until(exp) > time.Minute {
		t.Fatalf("expires %s, want within CredentialLife", exp)
	}
}
