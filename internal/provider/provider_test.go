package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// The acceptance tests run the provider through a real Terraform (or
// OpenTofu) CLI against the emulator over HTTP, with real signatures.

var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"alicloud": serverWithError(NewServer("test")),
}

const (
	testAccessKey = "LTAItestaccesskey"
	testSecretKey = "test-secret-never-logged"
)

// startEmulator serves the emulator on 127.0.0.1 for one test, with the
// test's key pair and, optionally, only the given domains.
func startEmulator(t *testing.T, domains ...string) *emulator.Server {
	return startEmulatorWith(t, emulator.Options{Domains: domains})
}

// startEmulatorWith serves the emulator with the test's key pair and opts.
func startEmulatorWith(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	opts.Credentials = []emulator.Credential{{AccessKeyID: testAccessKey, AccessKeySecret: testSecretKey}}
	srv, err := emulator.Start(opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// clearCredentialEnv keeps the machine's own Alibaba settings out of a
// test: every variable the credential chain reads, and ~/.aliyun.
func clearCredentialEnv(t *testing.T) {
	t.Helper()
	for _, name := range alibaba.CredentialEnv() {
		t.Setenv(name, "")
		_ = os.Unsetenv(name)
	}
	t.Setenv("HOME", t.TempDir())
}

// providerBlock points every service at the emulator.
func providerBlock(srv *emulator.Server) string {
	return fmt.Sprintf(`
provider "alicloud" {
  access_key = %[1]q
  secret_key = %[2]q
  protocol   = "HTTP"
  endpoints {
    cdn  = %[3]q
    dcdn = %[3]q
    vod  = %[3]q
  }
}
`, testAccessKey, testSecretKey, srv.Addr())
}

// expectError matches a diagnostic however Terraform wraps its lines: each
// space in the pattern matches any run of white space.
func expectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

// assertNothingSent fails the test unless the emulator received no request
// at all. It runs after resource.Test: when every step fails as expected
// there is no state, and CheckDestroy is not called.
func assertNothingSent(t *testing.T, srv *emulator.Server) {
	t.Helper()
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Fatalf("the emulator received %d requests, want none: %s", len(reqs), describe(reqs))
	}
}

// expectRefreshes fails unless the emulator received exactly n refresh
// (purge) calls, accepted or not. Look-ups, which Read makes, do not count.
func expectRefreshes(srv *emulator.Server, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var purges []emulator.Request
		for _, r := range srv.Requests() {
			if slices.Contains(refreshActions, r.Action) {
				purges = append(purges, r)
			}
		}
		if len(purges) != n {
			return fmt.Errorf("the emulator received %d refresh calls, want %d: %s", len(purges), n, describe(purges))
		}
		return nil
	}
}

var refreshActions = []string{"RefreshObjectCaches", "RefreshDcdnObjectCaches", "RefreshVodObjectCaches", "RefreshErObjectCaches"}

func describe(reqs []emulator.Request) string {
	var parts []string
	for _, r := range reqs {
		parts = append(parts, fmt.Sprintf("%s %s %d %s", r.Method, r.Action, r.HTTPStatus, r.Code))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

func TestAccProvider_credentialsFromEnvironment(t *testing.T) {
	srv := startEmulator(t)
	for _, vars := range [][2]string{
		{"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"},
		{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		{"ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET"},
	} {
		t.Run(vars[0], func(t *testing.T) {
			clearCredentialEnv(t)
			t.Setenv(vars[0], testAccessKey)
			t.Setenv(vars[1], testSecretKey)
			before := len(srv.Accepted("RefreshObjectCaches"))
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "alicloud" {
  protocol = "HTTP"
  endpoints {
    cdn = %q
  }
}
resource "alicloud_cache_refresh" "env" {
  object_paths = ["example.com/env.js"]
}`, srv.Addr()),
					Check: func(*terraform.State) error {
						accepted := srv.Accepted("RefreshObjectCaches")
						if len(accepted) != before+1 || accepted[len(accepted)-1].Params["AccessKeyId"] != testAccessKey {
							return fmt.Errorf("want one more call signed by %s, got %s", testAccessKey, describe(accepted))
						}
						return nil
					},
				}},
			})
		})
	}
}

func TestAccProvider_configurationErrors(t *testing.T) {
	srv := startEmulator(t)
	clearCredentialEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// No credentials anywhere: the plan fails before any call.
				Config: fmt.Sprintf(`
provider "alicloud" {
  protocol = "HTTP"
  endpoints {
    cdn = %q
  }
}
resource "alicloud_cache_refresh" "x" {
  object_paths = ["example.com/a.js"]
}`, srv.Addr()),
				ExpectError: expectError(`no Alibaba Cloud credentials.*ALICLOUD_ACCESS_KEY`),
			},
			{
				Config: `
provider "alicloud" {
  access_key = "a"
  secret_key = "b"
  protocol   = "FTP"
}
resource "alicloud_cache_refresh" "x" {
  object_paths = ["example.com/a.js"]
}`,
				ExpectError: expectError(`protocol.*value must be one of`),
			},
			{
				Config: `
provider "alicloud" {
  access_key = "a"
  secret_key = "b"
  endpoints {
    cdn = "https://cdn.aliyuncs.com"
  }
}
resource "alicloud_cache_refresh" "x" {
  object_paths = ["example.com/a.js"]
}`,
				ExpectError: expectError(`endpoints.cdn.*host or host:port, without a scheme`),
			},
		},
	})
	assertNothingSent(t, srv)
}

func TestAccProvider_wrongSecret(t *testing.T) {
	srv := startEmulator(t)
	clearCredentialEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "alicloud" {
  access_key = %q
  secret_key = "not-the-secret"
  protocol   = "HTTP"
  endpoints {
    cdn = %q
  }
}
resource "alicloud_cache_refresh" "x" {
  object_paths = ["example.com/a.js"]
}`, testAccessKey, srv.Addr()),
			ExpectError: expectError(`RefreshObjectCaches: SignatureDoesNotMatch \(HTTP \d+\).*RequestId.*Check the provider's access_key, secret_key`),
		}},
	})
}

func TestProviderSchemaMarksSecretsSensitive(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	for _, name := range []string{"access_key", "secret_key", "security_token"} {
		if !resp.Schema.Attributes[name].IsSensitive() {
			t.Errorf("%s is not sensitive", name)
		}
	}
}
