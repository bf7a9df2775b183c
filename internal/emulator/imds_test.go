package emulator

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
)

// startInstance serves an emulator with an instance role and routes the
// SDK's metadata requests to it for the test.
func startInstance(t *testing.T, opts Options) *Server {
	t.Helper()
	srv, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	metadataTarget.Store(srv.Addr())
	t.Cleanup(func() {
		metadataTarget.Store("")
		srv.Close()
	})
	return srv
}

func ecsRoleCredentials(role string) (*credentials.Credentials, error) {
	p, err := credentials.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(role).Build()
	if err != nil {
		return nil, err
	}
	return p.GetCredentials()
}

func TestMetadataServesTheInstanceRole(t *testing.T) {
	srv := startInstance(t, Options{InstanceRole: "EcsRefresher"})

	// As the SDK reads it: an IMDSv2 token, then the role's credentials.
	cc, err := ecsRoleCredentials("EcsRefresher")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"PUT /latest/api/token", "GET /latest/meta-data/ram/security-credentials/EcsRefresher"}
	if got := srv.MetadataRequests(); !slices.Equal(got, want) {
		t.Fatalf("metadata requests %q, want %q", got, want)
	}
	// The credentials sign API calls; a second read hands out the same ones.
	client, err := cdn.NewClientWithStsToken("cn-hangzhou", cc.AccessKeyId, cc.AccessKeySecret, cc.SecurityToken)
	if err != nil {
		t.Fatal(err)
	}
	req := cdn.CreateRefreshObjectCachesRequest()
	req.SetDomain(srv.Addr())
	req.SetScheme("http")
	req.ObjectPath = "example.com/a.js"
	if _, err := client.RefreshObjectCaches(req); err != nil {
		t.Fatal(err)
	}
	again, err := ecsRoleCredentials("EcsRefresher")
	if err != nil || again.AccessKeyId != cc.AccessKeyId || len(srv.Issued()) != 1 {
		t.Fatalf("second read: %+v %v, %d issued", again, err, len(srv.Issued()))
	}

	// Without a role name the SDK asks for it first.
	if _, err := ecsRoleCredentials(""); err != nil {
		t.Fatal(err)
	}
	if got := srv.MetadataRequests(); !slices.Contains(got, "GET /latest/meta-data/ram/security-credentials/") {
		t.Fatalf("the role name was not looked up: %q", got)
	}

	// Another role is not attached to this instance.
	if _, err := ecsRoleCredentials("Other"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("unattached role: %v", err)
	}
}

func TestMetadataTokens(t *testing.T) {
	srv := startInstance(t, Options{InstanceRole: "EcsRefresher", MetadataTokenRequired: true})
	get := func(path, token string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+path, nil)
		if token != "" {
			req.Header.Set(tokenHeader, token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	put := func(ttl string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPut, srv.URL()+tokenPath, nil)
		if ttl != "" {
			req.Header.Set(tokenTTLHeader, ttl)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, ttl := range []string{"", "0", "21601", "x"} {
		if status, _ := put(ttl); status != http.StatusBadRequest {
			t.Errorf("token TTL %q: %d", ttl, status)
		}
	}
	status, token := put("21600")
	if status != http.StatusOK || token == "" {
		t.Fatalf("token: %d %q", status, token)
	}
	path := credentialsPath + "EcsRefresher"
	if s := get(path, ""); s != http.StatusForbidden {
		t.Errorf("no token while tokens are required: %d", s)
	}
	if s := get(path, "forged"); s != http.StatusUnauthorized {
		t.Errorf("unknown token: %d", s)
	}
	if s := get(path, token); s != http.StatusOK {
		t.Errorf("valid token: %d", s)
	}
	if s := get("/latest/meta-data/instance-id", token); s != http.StatusNotFound {
		t.Errorf("other metadata: %d", s)
	}
	// The SDK, with IMDSv1 off as well, gets through with its token.
	t.Setenv("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")
	if _, err := ecsRoleCredentials("EcsRefresher"); err != nil {
		t.Fatal(err)
	}
}

func TestMetadataWithoutRole(t *testing.T) {
	startInstance(t, Options{})
	if _, err := ecsRoleCredentials(""); err == nil {
		t.Fatal("credentials from an instance without a role")
	}
	// With no emulator standing in, a metadata request fails at once.
	metadataTarget.Store("")
	if _, err := ecsRoleCredentials("EcsRefresher"); err == nil || !strings.Contains(err.Error(), "no emulator stands in") {
		t.Fatalf("no stand-in: %v", err)
	}
}

// TestMetadataFaults: the credential reads take only faults that name
// MetadataCredentials, fail as the fault says, and then pass again; with
// CredentialLife the SDK renews at every read.
func TestMetadataFaults(t *testing.T) {
	srv := startInstance(t, Options{InstanceRole: "EcsRefresher", CredentialLife: time.Minute})
	srv.InjectFault(Fault{Kind: FaultServerError}) // names no action: not the metadata's
	if _, err := ecsRoleCredentials("EcsRefresher"); err != nil {
		t.Fatalf("a fault naming no action reached the metadata: %v", err)
	}
	srv.ClearFaults()

	p, err := credentials.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName("EcsRefresher").Build()
	if err != nil {
		t.Fatal(err)
	}
	first, err := p.GetCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if exp := srv.Issued()[len(srv.Issued())-1].Expiration; time.Until(exp) > time.Minute {
		t.Fatalf("expires %s, want within CredentialLife", exp)
	}
	for _, kind := range []FaultKind{FaultServerError, FaultThrottle} {
		srv.InjectFault(Fault{Kind: kind, Actions: []string{MetadataCredentials}})
		if _, err := p.GetCredentials(); err == nil {
			t.Fatalf("%s: the renewal passed", kind)
		}
	}
	renewed, err := p.GetCredentials()
	if err != nil || renewed.AccessKeyId == first.AccessKeyId {
		t.Fatalf("renewed %+v, %v: want new credentials", renewed, err)
	}
	log := strings.Join(srv.MetadataRequests(), "\n")
	if !strings.Contains(log, "(server_error)") || !strings.Contains(log, "(throttle)") {
		t.Fatalf("metadata log %s", log)
	}
}
