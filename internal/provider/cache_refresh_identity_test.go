package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccCacheRefresh_identityOfOlderState: a refresh applied by a CLI
// without resource identities (the terraform on PATH, such as 1.11) gets
// its identity when Terraform 1.14 first reads it, whether its tasks are
// still followed or already Complete (which Read looks up no more), and the
// plan stays empty: nothing is purged again.
func TestAccCacheRefresh_identityOfOlderState(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1", resource.EnvTfAcc)
	}
	old, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform on PATH to write state without identities")
	}
	srv := startExampleEmulator(t)
	dir := t.TempDir()
	current := newExampleCLI(t, dir)
	skipBelowQuery(t, current)
	older := *current
	older.bin = old
	if out := older.must("version"); !regexp.MustCompile(`(?m)^Terraform v1\.(\d|1[01])\.`).MatchString(out) {
		t.Skipf("the terraform on PATH has resource identities already: %s", strings.SplitN(out, "\n", 2)[0])
	}
	writeExampleFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf("terraform {\n  required_providers {\n    alicloud = { source = %q }\n  }\n}\n%s\n", exampleSource, exampleProviderConfig("alicloud", srv))+`
resource "alicloud_cache_refresh" "release" {
  object_paths = ["example.com/index.html"]
}

resource "alicloud_cache_refresh" "waited" {
  object_paths        = ["example.com/app.js"]
  wait_for_completion = true
}
`)
	older.must("apply", "-auto-approve")
	current.mustNotChange()
	current.must("apply", "-refresh-only", "-auto-approve")
	state := current.must("show", "-json")
	if n := len(regexp.MustCompile(`"identity":\{"service":"cdn","task_id":"\d+"\}`).FindAllString(state, -1)); n != 2 {
		t.Fatalf("the state read by %s has %d identities, want 2:\n%s", filepath.Base(current.bin), n, state)
	}
	exampleMustCalls(t, srv, "RefreshObjectCaches", 2)
}
