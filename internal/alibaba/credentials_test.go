package alibaba

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
)

// The network sources (STS, instance metadata) are tested end to end in
// internal/provider; these tests cover the rules around them.

func clearEnv(t *testing.T) {
	t.Helper()
	for _, name := range append(CredentialEnv(), EnvConnectTimeout[0], EnvReadTimeout[0], EnvAppendUserAgent[0]) {
		t.Setenv(name, "")
		_ = os.Unsetenv(name)
	}
	t.Setenv("HOME", t.TempDir())
}

func TestCheck(t *testing.T) {
	clearEnv(t)
	ok := Config{AccessKey: "k", SecretKey: "s", Protocol: "HTTPS"}
	tests := []struct {
		name   string
		change func(*Config)
		want   string // "" for no error
	}{
		{"key pair", func(*Config) {}, ""},
		{"STS key pair", func(c *Config) { c.SecurityToken = "t" }, ""},
		{"profile only", func(c *Config) { *c = Config{Profile: "p", Protocol: "HTTPS"} }, ""},
		{"credentials_uri only", func(c *Config) { *c = Config{CredentialsURI: "http://127.0.0.1/c", Protocol: "HTTPS"} }, ""},
		{"ecs_role_name only", func(c *Config) { *c = Config{ECSRoleName: "r", Protocol: "HTTPS"} }, ""},
		{"no secret", func(c *Config) { c.SecretKey = "" }, "access_key is set but secret_key is not: set secret_key, or one of ALICLOUD_SECRET_KEY"},
		{"no key", func(c *Config) { c.AccessKey = "" }, "secret_key is set but access_key is not"},
		{"a lone token", func(c *Config) { *c = Config{SecurityToken: "t", Profile: "p", Protocol: "HTTPS"} }, "security_token is set but access_key and secret_key are not"},
		{"credentials_uri not a URL", func(c *Config) { c.CredentialsURI = "file:///etc/creds" }, "credentials_uri must be an http:// or https:// URL"},
		{"no role ARN", func(c *Config) { c.AssumeRole = &AssumeRole{} }, "assume_role.role_arn is empty"},
		{"session too short", func(c *Config) { c.AssumeRole = &AssumeRole{RoleARN: "a", SessionExpiration: 899} }, "session_expiration is 899: it must be between 900 and 43200"},
		{"session too long", func(c *Config) { c.AssumeRole = &AssumeRole{RoleARN: "a", SessionExpiration: 43201} }, "between 900 and 43200"},
		{"session at the bounds", func(c *Config) { c.AssumeRole = &AssumeRole{RoleARN: "a", SessionExpiration: 43200} }, ""},
		{"negative timeout", func(c *Config) { c.ReadTimeout = -time.Second }, "client_read_timeout must be positive"},
		{"protocol", func(c *Config) { c.Protocol = "FTP" }, `protocol "FTP"`},
		{"nothing", func(c *Config) { *c = Config{Protocol: "HTTPS"} }, "no Alibaba Cloud credentials. The provider looked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.change(&c)
			err := c.Check()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("Check() = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestMissingCredentialsListsEverySource(t *testing.T) {
	clearEnv(t)
	err := Config{Protocol: "HTTPS"}.Check()
	for _, names := range [][]string{EnvAccessKey, EnvSecretKey, EnvProfile, EnvCredentialsURI, EnvECSRoleName} {
		for _, n := range names {
			if !strings.Contains(err.Error(), n) {
				t.Errorf("the message does not name %s: %v", n, err)
			}
		}
	}
	if strings.Contains(err.Error(), "exists") {
		t.Errorf("no ~/.aliyun/config.json, yet: %v", err)
	}
	file := filepath.Join(os.Getenv("HOME"), ".aliyun", "config.json")
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(`{"current":"default","profiles":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (Config{Protocol: "HTTPS"}).Check(); !strings.Contains(err.Error(), file+" exists, but a profile of it is used only when profile names it") {
		t.Fatalf("the message does not point at %s: %v", file, err)
	}
}

func TestFromEnvReadsEverySetting(t *testing.T) {
	clearEnv(t)
	t.Setenv("ALIBABA_CLOUD_PROFILE", "dev")
	t.Setenv("ALICLOUD_SHARED_CREDENTIALS_FILE", "/x/config.json")
	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1/c")
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA", "role")
	t.Setenv("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r")
	t.Setenv("ALICLOUD_ASSUME_ROLE_SESSION_NAME", "s")
	t.Setenv("ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION", "1200")
	t.Setenv("CLIENT_CONNECT_TIMEOUT", "1500")
	t.Setenv("CLIENT_READ_TIMEOUT", "2500")
	t.Setenv("TF_APPEND_USER_AGENT", "ci/1")

	given := &AssumeRole{Policy: "{}"}
	c := Config{AssumeRole: given}
	c.FromEnv()
	want := Config{Profile: "dev", SharedCredentialsFile: "/x/config.json", CredentialsURI: "http://127.0.0.1/c", ECSRoleName: "role",
		ConnectTimeout: 1500 * time.Millisecond, ReadTimeout: 2500 * time.Millisecond, UserAgent: "ci/1", Protocol: "HTTPS"}
	if c.Profile != want.Profile || c.SharedCredentialsFile != want.SharedCredentialsFile || c.CredentialsURI != want.CredentialsURI ||
		c.ECSRoleName != want.ECSRoleName || c.ConnectTimeout != want.ConnectTimeout || c.ReadTimeout != want.ReadTimeout ||
		c.UserAgent != want.UserAgent || c.Protocol != want.Protocol {
		t.Fatalf("FromEnv = %+v", c)
	}
	if *c.AssumeRole != (AssumeRole{RoleARN: "acs:ram::1:role/r", SessionName: "s", SessionExpiration: 1200, Policy: "{}"}) || *given != (AssumeRole{Policy: "{}"}) {
		t.Fatalf("assume_role %+v, given %+v", *c.AssumeRole, *given)
	}

	// Settings win over the environment; a value that is not a number is
	// reported by Check.
	c = Config{ReadTimeout: time.Second, Profile: "explicit"}
	t.Setenv("CLIENT_CONNECT_TIMEOUT", "1m")
	c.FromEnv()
	if c.ReadTimeout != time.Second || c.Profile != "explicit" {
		t.Fatalf("explicit values must win: %+v", c)
	}
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), `CLIENT_CONNECT_TIMEOUT="1m" is not a positive whole number`) {
		t.Fatalf("Check() = %v", err)
	}
}

func TestNewClientSettings(t *testing.T) {
	clearEnv(t)
	c, err := NewClient(Config{AccessKey: "k", SecretKey: "s", Protocol: "HTTPS"})
	if err != nil {
		t.Fatal(err)
	}
	s := takeSDK(t, c)
	if s.wire.connectTimeout != DefaultTimeout || s.wire.readTimeout != DefaultTimeout {
		t.Fatalf("timeouts %s and %s, want %s", s.wire.connectTimeout, s.wire.readTimeout, DefaultTimeout)
	}
	if len(s.apis) != 3 {
		t.Fatalf("%d SDK clients, want one per API product (cdn, dcdn, vod)", len(s.apis))
	}
	for _, sc := range s.apis {
		if sc.GetReadTimeout() <= DefaultTimeout {
			t.Fatalf("the SDK's read timeout %s must outlast the wire's", sc.GetReadTimeout())
		}
	}
	c, err = NewClient(Config{AccessKey: "k", SecretKey: "s", Protocol: "HTTPS", ConnectTimeout: 2 * time.Second, ReadTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s = takeSDK(t, c)
	if s.wire.connectTimeout != 2*time.Second || s.wire.readTimeout != 3*time.Second {
		t.Fatalf("timeouts %s and %s", s.wire.connectTimeout, s.wire.readTimeout)
	}

	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "dev"},
		{Config{ProviderVersion: "1.2.3"}, "1.2.3"},
		{Config{ProviderVersion: "1.2.3", UserAgent: " ci/7\n\tacme/2 "}, "1.2.3 ci/7 acme/2"},
	} {
		if k, v := tc.cfg.userAgent(); k != "terraform-provider-alicloud" || v != tc.want {
			t.Errorf("userAgent() = %s/%s, want terraform-provider-alicloud/%s", k, v, tc.want)
		}
	}
}

// writeCLIConfig writes profiles as the aliyun CLI does and returns the file.
func writeCLIConfig(t *testing.T, profiles ...map[string]any) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"current": "default", "profiles": profiles})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestProfileSources(t *testing.T) {
	clearEnv(t)
	file := writeCLIConfig(t,
		map[string]any{"name": "default", "mode": "AK", "access_key_id": "AKdefault", "access_key_secret": "s1", "region_id": "eu-central-1"},
		map[string]any{"name": "sts", "mode": "StsToken", "access_key_id": "STS.x", "access_key_secret": "s2", "sts_token": "t2"},
		map[string]any{"name": "nokeys", "mode": "AK"},
		map[string]any{"name": "notoken", "mode": "StsToken", "access_key_id": "STS.x", "access_key_secret": "s2"},
		map[string]any{"name": "loop", "mode": "ChainableRamRoleArn", "source_profile": "loop", "ram_role_arn": "a"},
	)
	resolve := func(c Config) (resolved, error) {
		c.Protocol = "HTTPS"
		if c.SharedCredentialsFile == "" {
			c.SharedCredentialsFile = file
		}
		return c.resolveCredentials()
	}

	r, err := resolve(Config{Profile: "default"})
	if err != nil {
		t.Fatal(err)
	}
	cc, _ := r.provider.GetCredentials()
	if cc.AccessKeyId != "AKdefault" || cc.SecurityToken != "" || r.region != "eu-central-1" || !strings.Contains(r.source, `profile "default" (mode AK)`) {
		t.Fatalf("default profile: %+v, %+v", cc, r)
	}
	if r, _ := resolve(Config{Profile: "default", Region: "cn-shanghai"}); r.region != "cn-shanghai" {
		t.Fatalf("the region setting must win over the profile's: %s", r.region)
	}
	r, err = resolve(Config{Profile: "sts"})
	if err != nil {
		t.Fatal(err)
	}
	if cc, _ := r.provider.GetCredentials(); cc.SecurityToken != "t2" || r.region != DefaultRegion {
		t.Fatalf("sts profile: %+v, region %s", cc, r.region)
	}
	// A key pair wins over a profile, which is then not read at all.
	r, err = resolve(Config{AccessKey: "k", SecretKey: "s", Profile: "default", SharedCredentialsFile: "/nonexistent"})
	if err != nil || r.source != "access_key and secret_key" || r.region != DefaultRegion {
		t.Fatalf("keys and a profile: %+v %v", r, err)
	}

	for name, want := range map[string]string{
		"nokeys":  `profile "nokeys" of ` + file + ` has mode AK but no access_key_id or access_key_secret: run ` + "`aliyun configure --profile nokeys`",
		"notoken": "has mode StsToken but no sts_token",
		"loop":    "source_profile must name another profile",
		"missing": `profile "missing" is not in ` + file + ` (it has default, sts, nokeys, notoken, loop)`,
	} {
		if _, err := resolve(Config{Profile: name}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("profile %s: %v, want %q", name, err, want)
		}
	}

	bad := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(bad, []byte(`{"profiles": [{"name": "x", "access_key_secret": "leaked-if-quoted"`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := resolve(Config{Profile: "x", SharedCredentialsFile: bad}); err == nil || strings.Contains(err.Error(), "leaked-if-quoted") ||
		!strings.Contains(err.Error(), "is not an aliyun CLI configuration") {
		t.Fatalf("malformed file: %v", err)
	}

	// "~" is the home directory.
	home := os.Getenv("HOME")
	if err := os.MkdirAll(filepath.Join(home, "cfg"), 0o700); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file)
	if err := os.WriteFile(filepath.Join(home, "cfg", "aliyun.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := resolve(Config{Profile: "default", SharedCredentialsFile: "~/cfg/aliyun.json"}); err != nil {
		t.Fatal(err)
	}
}

// TestCredentialErrorsHoldNoSecrets: the SDK quotes a credentials answer it
// cannot use, and signed URLs; neither secrets nor queries reach the error.
func TestCredentialErrorsHoldNoSecrets(t *testing.T) {
	clearEnv(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// No Expiration: the SDK refuses it and quotes the body.
		_, _ = w.Write([]byte(`{"Code":"Success","AccessKeyId":"STS.k","AccessKeySecret":"uri-secret","SecurityToken" : "uri-token"}`))
	}))
	defer srv.Close()
	_, err := NewClient(Config{CredentialsURI: srv.URL + "/creds?token=query-secret", Protocol: "HTTPS"})
	if err == nil {
		t.Fatal("no error")
	}
	for _, secret := range []string{"uri-secret", "uri-token", "query-secret"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error holds %s: %v", secret, err)
		}
	}
	if !strings.Contains(err.Error(), "getting Alibaba Cloud credentials from credentials_uri") || !strings.Contains(err.Error(), srv.URL+"/creds") {
		t.Fatalf("the error does not say where: %v", err)
	}

	err = scrub(errors.New(`Post "https://sts.aliyuncs.com/?AccessKeyId=STS.x&SecurityToken=tok&Signature=sig": dial tcp: i/o timeout`))
	if strings.Contains(err.Error(), "tok") || strings.Contains(err.Error(), "sig") || !strings.Contains(err.Error(), "https://sts.aliyuncs.com/") {
		t.Fatalf("scrub: %v", err)
	}
	if e := errors.New("plain"); !errors.Is(scrub(e), e) {
		t.Fatal("scrub changed an error with nothing to hide")
	}
}

// TestMalformedSTSEndpointErrorHoldsNoSecrets: an STS endpoint with a
// space, a typo, fails to parse, and net/url quotes the whole signed URL:
// the error keeps neither its security token nor its signature.
func TestMalformedSTSEndpointErrorHoldsNoSecrets(t *testing.T) {
	clearEnv(t)
	_, err := NewClient(Config{AccessKey: "STS.k", SecretKey: "s", SecurityToken: "tok-secret", Protocol: "HTTPS",
		Endpoints: Endpoints{STS: "sts example.com"}, AssumeRole: &AssumeRole{RoleARN: "acs:ram::1:role/x"}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, secret := range []string{"tok-secret", "Signature"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error holds %s: %v", secret, err)
		}
	}
	if !strings.Contains(err.Error(), "sts example.com") {
		t.Fatalf("the error does not name the endpoint: %v", err)
	}
	t.Log(err)
}

// slowProvider fails if two calls overlap.
type slowProvider struct{ inside, overlaps atomic.Int32 }

func (p *slowProvider) GetCredentials() (*credentials.Credentials, error) {
	if p.inside.Add(1) > 1 {
		p.overlaps.Add(1)
	}
	time.Sleep(time.Millisecond)
	p.inside.Add(-1)
	return &credentials.Credentials{AccessKeyId: "k", AccessKeySecret: "s"}, nil
}

func (p *slowProvider) GetProviderName() string { return "slow" }

// TestGuardedSerialises: the SDK's renewing providers are not safe for
// concurrent use, and the client is shared by resources applied in parallel.
func TestGuardedSerialises(t *testing.T) {
	p := &slowProvider{}
	g := &guarded{p: p}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				_, _ = g.GetCredentials()
			}
		})
	}
	wg.Wait()
	if n := p.overlaps.Load(); n != 0 {
		t.Fatalf("%d overlapping calls", n)
	}
}

// takeSDK borrows a set of SDK clients of c for the rest of the test.
func takeSDK(t *testing.T, c *Client) *sdkClients {
	t.Helper()
	s, err := c.sdk.take(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.sdk.give(s) })
	return s
}
