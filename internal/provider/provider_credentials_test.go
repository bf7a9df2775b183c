package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// The credential sources, tested through the real CLI: each source signs
// with its own key, so the emulator's log shows which one the provider used.

// metadataTarget is the emulator standing in for the instance metadata
// service ("" for none: metadata requests then fail at once).
var metadataTarget atomic.Value

// TestMain makes this process trust emulator.StartTLS servers and sends
// the SDK's requests for the metadata address to metadataTarget: no test
// reaches 100.100.100.200.
func TestMain(m *testing.M) {
	metadataTarget.Store("")
	os.Exit(emulator.RunTests(m, func() string { return metadataTarget.Load().(string) }))
}

const (
	testRoleARN   = "acs:ram::1234567890123456:role/refresher"
	otherRoleARN  = "acs:ram::1234567890123456:role/other"
	envKeyID      = "LTAIfromenvironment"
	envKeySecret  = "env-secret-never-logged"
	profileKeyID  = "LTAIfromprofile"
	profileSecret = "profile-secret-never-logged"
	stsKeyID      = "STS.static"
	stsKeySecret  = "sts-secret-never-logged"
	stsKeyToken   = "sts-token-never-logged"
	instanceRole  = "EcsRefresher"
)

// isolate keeps the machine's Alibaba settings, and its ~/.aliyun, out of a
// test.
func isolate(t *testing.T) {
	t.Helper()
	clearCredentialEnv(t)
	for _, name := range append(alibaba.CredentialEnv(),
		"ALIBABA_CLOUD_STS_REGION", "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "ALIBABA_CLOUD_IMDSV1_DISABLED",
		"ALIBABA_CLOUD_ECS_METADATA_DISABLED", "CLIENT_CONNECT_TIMEOUT", "CLIENT_READ_TIMEOUT", "TF_APPEND_USER_AGENT") {
		t.Setenv(name, "")
		_ = os.Unsetenv(name)
	}
	t.Setenv("HOME", t.TempDir())
}

// startCloud serves an emulator that accepts the test's key pairs, knows the
// two test roles, and has an ECS instance with instanceRole. Over TLS it
// also serves STS, whose client speaks HTTPS only.
func startCloud(t *testing.T, useTLS bool) *emulator.Server {
	t.Helper()
	opts := emulator.Options{
		Credentials: []emulator.Credential{
			{AccessKeyID: testAccessKey, AccessKeySecret: testSecretKey},
			{AccessKeyID: envKeyID, AccessKeySecret: envKeySecret},
			{AccessKeyID: profileKeyID, AccessKeySecret: profileSecret},
			{AccessKeyID: stsKeyID, AccessKeySecret: stsKeySecret, SecurityToken: stsKeyToken},
		},
		Roles: []emulator.Role{
			{ARN: testRoleARN, ExternalID: "ext-7", MaxSessionDuration: 3 * time.Hour},
			{ARN: otherRoleARN},
		},
		InstanceRole: instanceRole,
	}
	start := emulator.Start
	if useTLS {
		start = emulator.StartTLS
	}
	srv, err := start(opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// useMetadata routes the test's instance metadata requests to srv.
func useMetadata(t *testing.T, srv *emulator.Server) {
	metadataTarget.Store(srv.Addr())
	t.Cleanup(func() { metadataTarget.Store("") })
}

// providerFor is a provider block with settings, its endpoints pointing at
// srv (over HTTP unless srv serves TLS).
func providerFor(srv *emulator.Server, settings string) string {
	protocol := `protocol = "HTTP"`
	if strings.HasPrefix(srv.URL(), "https:") {
		protocol = ""
	}
	return fmt.Sprintf(`
provider "alicloud" {
  %s
  %s
  endpoints {
    cdn = %q
    sts = %q
  }
}`, protocol, settings, srv.Addr(), srv.Addr())
}

// refreshWith is providerFor with one refresh.
func refreshWith(srv *emulator.Server, settings string) string {
	return providerFor(srv, settings) + `
resource "alicloud_cache_refresh" "x" {
  object_paths = ["example.com/a.js"]
}`
}

// signedBy fails unless the last refresh was accepted and signed with the
// key ID that want accepts.
func signedBy(srv *emulator.Server, what string, want func(id string) bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := srv.Accepted("RefreshObjectCaches")
		if len(got) == 0 {
			return fmt.Errorf("no refresh accepted: %s", describe(srv.Requests()))
		}
		if id := got[len(got)-1].Params["AccessKeyId"]; !want(id) {
			return fmt.Errorf("the refresh was signed by %s, want %s", id, what)
		}
		return nil
	}
}

func key(id string) func(string) bool { return func(got string) bool { return got == id } }

// issuedKey accepts the key of the emulator's latest temporary credential.
func issuedKey(srv *emulator.Server) func(string) bool {
	return func(got string) bool {
		issued := srv.Issued()
		return len(issued) > 0 && got == issued[len(issued)-1].AccessKeyID
	}
}

// checkAssumed fails unless AssumeRole was accepted since the check was
// made (each plan and apply assumes the role), the last call signed by
// baseKey with the given parameters.
func checkAssumed(srv *emulator.Server, baseKey string, params map[string]string) resource.TestCheckFunc {
	before := len(srv.Accepted("AssumeRole"))
	return func(*terraform.State) error {
		calls := srv.Accepted("AssumeRole")
		if len(calls) == before {
			return fmt.Errorf("no AssumeRole accepted: %s", describe(srv.Requests()))
		}
		last := calls[len(calls)-1]
		if last.Params["AccessKeyId"] != baseKey {
			return fmt.Errorf("AssumeRole was signed by %s, want %s", last.Params["AccessKeyId"], baseKey)
		}
		for k, v := range params {
			if last.Params[k] != v {
				return fmt.Errorf("AssumeRole sent %s=%q, want %q", k, last.Params[k], v)
			}
		}
		return nil
	}
}

func accTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
}

func TestAccCredentials_assumeRole(t *testing.T) {
	isolate(t)
	srv := startCloud(t, true)
	t.Setenv("ALICLOUD_ACCESS_KEY", envKeyID)
	t.Setenv("ALICLOUD_SECRET_KEY", envKeySecret)

	accTest(t, resource.TestStep{
		Config: refreshWith(srv, fmt.Sprintf(`
  assume_role {
    role_arn           = %q
    session_name       = "ci-run"
    session_expiration = 10800
    external_id        = "ext-7"
    policy             = jsonencode({ Version = "1", Statement = [] })
  }`, testRoleARN)),
		Check: resource.ComposeTestCheckFunc(
			checkAssumed(srv, envKeyID, map[string]string{
				"RoleArn": testRoleARN, "RoleSessionName": "ci-run", "DurationSeconds": "10800",
				"ExternalId": "ext-7", "Policy": `{"Statement":[],"Version":"1"}`,
			}),
			signedBy(srv, "the assumed role's temporary key", issuedKey(srv)),
			checkSent(srv, "RefreshObjectCaches", 1, map[string]string{"SecurityToken": "REDACTED"}),
		),
	})

	// The role ARN and session name from the environment, and the defaults.
	t.Setenv("ALICLOUD_ASSUME_ROLE_ARN", otherRoleARN)
	t.Setenv("ALIBABA_CLOUD_ROLE_SESSION_NAME", "from-env")
	accTest(t, resource.TestStep{
		Config: refreshWith(srv, `assume_role {}`),
		Check: resource.ComposeTestCheckFunc(
			checkAssumed(srv, envKeyID, map[string]string{"RoleArn": otherRoleARN, "RoleSessionName": "from-env", "DurationSeconds": "3600"}),
			signedBy(srv, "the assumed role's temporary key", issuedKey(srv)),
		),
	})
	t.Setenv("ALIBABA_CLOUD_ROLE_SESSION_NAME", "")
	accTest(t, resource.TestStep{
		Config: refreshWith(srv, `assume_role {}`),
		Check:  checkAssumed(srv, envKeyID, map[string]string{"RoleSessionName": "terraform"}),
	})
}

func TestAccCredentials_assumeRoleErrors(t *testing.T) {
	isolate(t)
	srv := startCloud(t, true)
	t.Setenv("ALICLOUD_ACCESS_KEY", envKeyID)
	t.Setenv("ALICLOUD_SECRET_KEY", envKeySecret)
	accTest(t,
		resource.TestStep{
			// STS refuses at plan, before any refresh.
			Config:      refreshWith(srv, `assume_role { role_arn = "acs:ram::1234567890123456:role/nobody" }`),
			ExpectError: expectError(`getting Alibaba Cloud credentials from assume_role acs:ram::1234567890123456:role/nobody with access_key and secret_key: .*EntityNotExist.Role`),
		},
		resource.TestStep{
			Config:      refreshWith(srv, fmt.Sprintf(`assume_role { role_arn = %q }`, testRoleARN)),
			ExpectError: expectError(`NoPermission`), // the role requires its external ID
		},
		resource.TestStep{
			Config:      refreshWith(srv, `assume_role { session_name = "x" }`),
			ExpectError: expectError(`assume_role.role_arn is empty: set it, or one of ALICLOUD_ASSUME_ROLE_ARN, ALIBABA_CLOUD_ROLE_ARN`),
		},
		resource.TestStep{
			Config:      refreshWith(srv, fmt.Sprintf("assume_role {\n    role_arn = %q\n    session_expiration = 899\n  }", testRoleARN)),
			ExpectError: expectError(`session_expiration.*between 900 and 43200`),
		},
	)
	if n := len(srv.Accepted("RefreshObjectCaches")); n != 0 {
		t.Fatalf("%d refreshes sent", n)
	}
}

// writeProfiles writes an aliyun CLI configuration and returns its path.
func writeProfiles(t *testing.T, path string) string {
	t.Helper()
	profiles := []map[string]any{
		{"name": "ak", "mode": "AK", "access_key_id": profileKeyID, "access_key_secret": profileSecret, "region_id": "ap-southeast-1"},
		{"name": "sts", "mode": "StsToken", "access_key_id": stsKeyID, "access_key_secret": stsKeySecret, "sts_token": stsKeyToken},
		{"name": "role", "mode": "RamRoleArn", "access_key_id": profileKeyID, "access_key_secret": profileSecret,
			"ram_role_arn": otherRoleARN, "ram_session_name": "from-profile", "expired_seconds": 1800},
		{"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "role", "ram_role_arn": testRoleARN,
			"ram_session_name": "chained", "external_id": "ext-7"},
		{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": instanceRole},
		{"name": "oidc", "mode": "OIDC", "oidc_provider_arn": "acs:ram::1:oidc-provider/x"},
	}
	b, err := json.Marshal(map[string]any{"current": "ak", "profiles": profiles})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAccCredentials_profile(t *testing.T) {
	isolate(t)
	srv := startCloud(t, true)
	file := writeProfiles(t, filepath.Join(t.TempDir(), "config.json"))
	withProfile := func(name string) string {
		return fmt.Sprintf("profile = %q\n  shared_credentials_file = %q", name, file)
	}

	t.Run("AK, with its region", func(t *testing.T) {
		accTest(t, resource.TestStep{
			Config: refreshWith(srv, withProfile("ak")),
			Check: resource.ComposeTestCheckFunc(
				signedBy(srv, "the profile's key", key(profileKeyID)),
				checkSent(srv, "RefreshObjectCaches", len(srv.Accepted("RefreshObjectCaches"))+1, map[string]string{"RegionId": "ap-southeast-1"}),
			),
		})
	})
	t.Run("StsToken, from the environment", func(t *testing.T) {
		t.Setenv("ALIBABA_CLOUD_PROFILE", "sts")
		t.Setenv("ALICLOUD_SHARED_CREDENTIALS_FILE", file)
		accTest(t, resource.TestStep{
			Config: refreshWith(srv, ""),
			Check:  signedBy(srv, "the profile's STS key", key(stsKeyID)),
		})
	})
	t.Run("RamRoleArn", func(t *testing.T) {
		accTest(t, resource.TestStep{
			Config: refreshWith(srv, withProfile("role")),
			Check: resource.ComposeTestCheckFunc(
				checkAssumed(srv, profileKeyID, map[string]string{"RoleArn": otherRoleARN, "RoleSessionName": "from-profile", "DurationSeconds": "1800"}),
				signedBy(srv, "the role's temporary key", issuedKey(srv)),
			),
		})
	})
	t.Run("RamRoleArn, the role replaced by assume_role", func(t *testing.T) {
		accTest(t, resource.TestStep{
			Config: refreshWith(srv, withProfile("role")+fmt.Sprintf(`
  assume_role {
    role_arn    = %q
    external_id = "ext-7"
  }`, testRoleARN)),
			Check: resource.ComposeTestCheckFunc(
				checkAssumed(srv, profileKeyID, map[string]string{"RoleArn": testRoleARN, "RoleSessionName": "terraform", "DurationSeconds": "3600"}),
				signedBy(srv, "the role's temporary key", issuedKey(srv)),
			),
		})
	})
	t.Run("ChainableRamRoleArn", func(t *testing.T) {
		assumed := len(srv.Accepted("AssumeRole"))
		accTest(t, resource.TestStep{
			Config: refreshWith(srv, withProfile("chain")),
			Check: resource.ComposeTestCheckFunc(
				signedBy(srv, "the second role's temporary key", issuedKey(srv)),
				func(*terraform.State) error {
					calls := srv.Accepted("AssumeRole")[assumed:]
					if len(calls) < 2 || calls[0].Params["RoleArn"] != otherRoleARN || calls[1].Params["RoleArn"] != testRoleARN ||
						!strings.HasPrefix(calls[1].Params["AccessKeyId"], "STS.") {
						return fmt.Errorf("want the source profile's role, then the chained one with its key: %+v", calls)
					}
					return nil
				},
			),
		})
	})
	t.Run("EcsRamRole", func(t *testing.T) {
		instance := startCloud(t, false) // instance metadata is plain HTTP
		useMetadata(t, instance)
		accTest(t, resource.TestStep{
			Config: refreshWith(instance, withProfile("ecs")),
			Check:  signedBy(instance, "the instance role's key", issuedKey(instance)),
		})
		if got := instance.MetadataRequests(); !slices.Contains(got, "GET /latest/meta-data/ram/security-credentials/"+instanceRole) {
			t.Fatalf("metadata requests %q", got)
		}
	})
	t.Run("the default file", func(t *testing.T) {
		home := t.TempDir()
		t.Setenv("HOME", home)
		writeProfiles(t, filepath.Join(home, ".aliyun", "config.json"))
		accTest(t, resource.TestStep{
			Config: refreshWith(srv, `profile = "ak"`),
			Check:  signedBy(srv, "the profile's key", key(profileKeyID)),
		})
	})
	t.Run("errors", func(t *testing.T) {
		before := len(srv.Requests())
		accTest(t,
			resource.TestStep{
				Config:      refreshWith(srv, withProfile("nope")),
				ExpectError: expectError(`profile "nope" is not in .*config.json \(it has ak, sts, role, chain, ecs, oidc\)`),
			},
			resource.TestStep{
				Config:      refreshWith(srv, withProfile("oidc")),
				ExpectError: expectError(`profile "oidc" of .*config.json has mode OIDC, which this provider does not read`),
			},
			resource.TestStep{
				Config:      refreshWith(srv, `profile = "ak"`), // HOME has no .aliyun
				ExpectError: expectError(`profile is set, but the shared credentials file cannot be read .*\.aliyun/config.json`),
			},
		)
		if n := len(srv.Requests()) - before; n != 0 {
			t.Fatalf("%d requests sent", n)
		}
	})
}

// credentialsServer answers temporary credentials the emulator accepts, as
// credentials_uri expects them.
func credentialsServer(t *testing.T, body map[string]string) string {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(s.Close)
	return s.URL + "/credentials?token=uri-query-secret"
}

func stsBody() map[string]string {
	return map[string]string{
		"Code": "Success", "AccessKeyId": stsKeyID, "AccessKeySecret": stsKeySecret, "SecurityToken": stsKeyToken,
		"Expiration": time.Now().UTC().Add(time.Hour).Format("2006-01-02T15:04:05Z"),
	}
}

func TestAccCredentials_credentialsURI(t *testing.T) {
	isolate(t)
	srv := startCloud(t, false)
	uri := credentialsServer(t, stsBody())
	accTest(t, resource.TestStep{
		Config: refreshWith(srv, fmt.Sprintf("credentials_uri = %q", uri)),
		Check:  signedBy(srv, "the URI's key", key(stsKeyID)),
	})

	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_URI", uri)
	accTest(t, resource.TestStep{
		Config: refreshWith(srv, ""),
		Check:  signedBy(srv, "the URI's key", key(stsKeyID)),
	})

	// An answer without Expiration is refused at plan; the SDK's message
	// quotes the answer, with its secrets redacted (see the unit test).
	incomplete := stsBody()
	delete(incomplete, "Expiration")
	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_URI", credentialsServer(t, incomplete))
	accTest(t, resource.TestStep{
		Config:      refreshWith(srv, ""),
		ExpectError: regexp.MustCompile(`(?s)getting Alibaba Cloud credentials from credentials_uri:.*"AccessKeySecret":\s*"\(redacted\)"`),
	})
}

func TestAccCredentials_ecsRoleName(t *testing.T) {
	isolate(t)
	srv := startCloud(t, false)
	useMetadata(t, srv)
	accTest(t, resource.TestStep{
		Config: refreshWith(srv, fmt.Sprintf("ecs_role_name = %q", instanceRole)),
		Check:  signedBy(srv, "the instance role's key", issuedKey(srv)),
	})
	want := []string{"PUT /latest/api/token", "GET /latest/meta-data/ram/security-credentials/" + instanceRole}
	if got := srv.MetadataRequests(); len(got) < 2 || !slices.Equal(got[:2], want) {
		t.Fatalf("metadata requests %q, want %q first", got, want)
	}

	t.Setenv("ALIBABA_CLOUD_ECS_METADATA", "Other")
	accTest(t, resource.TestStep{
		Config:      refreshWith(srv, ""),
		ExpectError: expectError(`getting Alibaba Cloud credentials from ecs_role_name "Other" \(instance metadata\): .*404`),
	})
}

// TestAccCredentials_precedence sets two sources at a time: the earlier in
// aliyun/alicloud's order signs.
func TestAccCredentials_precedence(t *testing.T) {
	srv := startCloud(t, false)
	useMetadata(t, srv)
	file := writeProfiles(t, filepath.Join(t.TempDir(), "config.json"))
	uri := credentialsServer(t, stsBody())
	tests := []struct {
		name     string
		env      map[string]string
		settings string
		want     string
	}{
		{"attributes over the environment", map[string]string{"ALICLOUD_ACCESS_KEY": envKeyID, "ALICLOUD_SECRET_KEY": envKeySecret},
			fmt.Sprintf("access_key = %q\n  secret_key = %q", testAccessKey, testSecretKey), testAccessKey},
		{"the environment over a profile", map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": envKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": envKeySecret},
			fmt.Sprintf("profile = \"ak\"\n  shared_credentials_file = %q", file), envKeyID},
		{"a profile over credentials_uri", map[string]string{"ALICLOUD_CREDENTIALS_URI": uri},
			fmt.Sprintf("profile = \"ak\"\n  shared_credentials_file = %q", file), profileKeyID},
		{"credentials_uri over ecs_role_name", map[string]string{"ALICLOUD_ECS_ROLE_NAME": instanceRole},
			fmt.Sprintf("credentials_uri = %q", uri), stsKeyID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			isolate(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			accTest(t, resource.TestStep{
				Config: refreshWith(srv, tc.settings),
				Check:  signedBy(srv, tc.want, key(tc.want)),
			})
		})
	}
	// The instance role was never needed, so never asked for.
	if got := srv.MetadataRequests(); len(got) != 0 {
		t.Fatalf("metadata requests %q", got)
	}
}

func TestAccCredentials_missing(t *testing.T) {
	isolate(t)
	srv := startCloud(t, false)
	useMetadata(t, srv) // to see any attempt at the instance metadata
	home := os.Getenv("HOME")
	writeProfiles(t, filepath.Join(home, ".aliyun", "config.json"))
	start := time.Now()
	accTest(t,
		resource.TestStep{
			Config: refreshWith(srv, ""),
			ExpectError: expectError(`no Alibaba Cloud credentials. The provider looked, in this order, at: ` +
				`1. access_key and secret_key in the provider block, then the environment variables ALICLOUD_ACCESS_KEY, .*` +
				`2. profile, or ALICLOUD_PROFILE, .*shared_credentials_file .*` +
				`3. credentials_uri, or ALICLOUD_CREDENTIALS_URI, .*` +
				`4. ecs_role_name, or ALICLOUD_ECS_ROLE_NAME, .*` +
				`None is set; set one of them. .*\.aliyun/config.json exists, but a profile of it is used only when profile names it`),
		},
		resource.TestStep{
			Config:      refreshWith(srv, `assume_role { role_arn = "acs:ram::1:role/x" }`),
			ExpectError: expectError(`no Alibaba Cloud credentials to assume assume_role.role_arn with`),
		},
		resource.TestStep{
			Config:      refreshWith(srv, fmt.Sprintf("access_key = %q", testAccessKey)),
			ExpectError: expectError(`access_key is set but secret_key is not: set secret_key, or one of ALICLOUD_SECRET_KEY`),
		},
		resource.TestStep{
			Config:      refreshWith(srv, `security_token = "t"`),
			ExpectError: expectError(`security_token is set but access_key and secret_key are not`),
		},
	)
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the failing plans took %s", d)
	}
	if reqs, meta := srv.Requests(), srv.MetadataRequests(); len(reqs) != 0 || len(meta) != 0 {
		t.Fatalf("sent %s and metadata requests %q", describe(reqs), meta)
	}
}

func TestAccProvider_userAgentAndTimeouts(t *testing.T) {
	isolate(t)
	srv := startCloud(t, false)
	t.Setenv("TF_APPEND_USER_AGENT", "ci-pipeline/7\n  acme/2")
	keys := fmt.Sprintf("access_key = %q\n  secret_key = %q", testAccessKey, testSecretKey)
	accTest(t, resource.TestStep{
		Config: refreshWith(srv, keys),
		Check: func(*terraform.State) error {
			reqs := srv.Accepted("RefreshObjectCaches")
			if ua := reqs[len(reqs)-1].UserAgent; !strings.Contains(ua, " terraform-provider-alicloud/test ci-pipeline/7 acme/2") {
				return fmt.Errorf("User-Agent %q", ua)
			}
			return nil
		},
	})

	// A read timeout below the emulator's delay fails a quota look-up,
	// from the attribute and from the environment; without it, the answer
	// would come after the delay. (A refresh that times out is looked for
	// in the task list instead, and found.)
	for _, tc := range []struct{ settings, env string }{{"client_read_timeout = 300", ""}, {"", "300"}} {
		t.Setenv("CLIENT_READ_TIMEOUT", tc.env)
		srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Delay: 3 * time.Second, Count: 10, Actions: []string{"DescribeRefreshQuota"}})
		accTest(t, resource.TestStep{
			Config:      providerFor(srv, keys+"\n  "+tc.settings) + "\ndata \"alicloud_cache_refresh_quota\" \"q\" {}\n",
			ExpectError: regexp.MustCompile(`(?is)DescribeRefreshQuota.*timeout`),
		})
		srv.ClearFaults()
	}
	t.Setenv("CLIENT_READ_TIMEOUT", "soon")
	accTest(t, resource.TestStep{
		Config:      refreshWith(srv, keys),
		ExpectError: expectError(`CLIENT_READ_TIMEOUT="soon" is not a positive whole number`),
	})
}

// TestAccCredentials_noSecretsInTraceLog runs with TF_LOG=TRACE and checks
// that neither the secrets given nor those STS handed out appear in the
// log, the state or the emulator's request log. They come from the
// environment: the test harness logs the configuration it writes.
func TestAccCredentials_noSecretsInTraceLog(t *testing.T) {
	isolate(t)
	srv := startCloud(t, true)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("ALICLOUD_ACCESS_KEY", stsKeyID)
	t.Setenv("ALICLOUD_SECRET_KEY", stsKeySecret)
	t.Setenv("ALICLOUD_SECURITY_TOKEN", stsKeyToken)

	var state []string
	accTest(t, resource.TestStep{
		Config: refreshWith(srv, fmt.Sprintf(`assume_role {
    role_arn    = %q
    external_id = "ext-7"
  }`, testRoleARN)),
		Check: func(s *terraform.State) error {
			for _, rs := range s.RootModule().Resources {
				for k, v := range rs.Primary.Attributes {
					state = append(state, k+"="+v)
				}
			}
			return signedBy(srv, "the assumed role's key", issuedKey(srv))(s)
		},
	})

	secrets := []string{stsKeySecret, stsKeyToken}
	for _, c := range srv.Issued() {
		secrets = append(secrets, c.AccessKeySecret, c.SecurityToken)
	}
	if len(secrets) < 4 {
		t.Fatal("STS handed out no credentials")
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	// The log holds the provider's own trace lines, so a leak would show.
	for _, want := range []string{"ConfigureProvider", "Calling provider defined Provider Configure", "alicloud_cache_refresh"} {
		if !strings.Contains(string(log), want) {
			t.Fatalf("the trace log (%d bytes) has no %q", len(log), want)
		}
	}
	var requests []string
	for _, r := range srv.Requests() {
		for k, v := range r.Params {
			requests = append(requests, k+"="+v)
		}
	}
	for i, secret := range secrets {
		for what, text := range map[string]string{"trace log": string(log), "state": strings.Join(state, "\n"), "request log": strings.Join(requests, "\n")} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s holds secret %d", what, i)
			}
		}
	}
}
