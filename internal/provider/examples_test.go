package provider

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// The configurations under examples/ are what the docs show and what users
// copy. Each one runs here through a real CLI against the emulator: the test
// copies it to a directory of its own and adds only the provider settings
// that point it at the emulator, as a module author's own test would (an
// override file where the example configures the provider). Relative module
// sources become absolute; nothing else changes.

const (
	exampleAccessKey = "LTAIexamplesaccesskey"
	exampleSecretKey = "examples-secret"
	exampleSource    = "purgeworks/alicloud"
)

// examplesElsewhere are the example directories another check runs.
var examplesElsewhere = map[string]string{
	"demo":           "make demo (scripts/demo.sh) applies it",
	"list-resources": "TestAccCacheRefreshList_generateConfig queries with it and applies what it generates",
	"emulator":       "the guide's other clients: TestGuideCurrentSDK and TestGuideAliyunCLI (internal/emulator/cmd/alicloud-emulator) run them",
	// The framework copies a configuration directory's files, not the
	// site fixture this example reads with fileset().
	"resources/alicloud_cache_refresh_objects": "TestAccExampleStaticSiteDeploys deploys it three times through the CLI",
}

// exampleVariables gives the variables without a default that examples
// declare.
var exampleVariables = map[string]string{
	"release_version": "1.0.0",
}

func examplesDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// Every resource, data source and action the provider serves has its
// example where tfplugindocs looks for it, and every example belongs to one;
// every other example directory is run by TestAccExamples or another check.
func TestExamplesCoverTheProvider(t *testing.T) {
	examples := examplesDir(t)
	resp, err := providerserver.NewProtocol6(New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := []struct {
		dir, file string
		names     []string
	}{
		{"resources", "resource.tf", exampleSortedKeys(resp.ResourceSchemas)},
		{"data-sources", "data-source.tf", exampleSortedKeys(resp.DataSourceSchemas)},
		{"ephemeral-resources", "ephemeral-resource.tf", exampleSortedKeys(resp.EphemeralResourceSchemas)},
		{"actions", "action.tf", exampleSortedKeys(resp.ActionSchemas)},
	}
	for _, k := range kinds {
		for _, name := range k.names {
			if _, err := os.Stat(filepath.Join(examples, k.dir, name, k.file)); err != nil {
				t.Errorf("%s has no example: write examples/%s/%s/%s", name, k.dir, name, k.file)
			}
		}
		entries, _ := os.ReadDir(filepath.Join(examples, k.dir))
		for _, e := range entries {
			if !slices.Contains(k.names, e.Name()) {
				t.Errorf("examples/%s/%s: the provider serves no such type", k.dir, e.Name())
			}
		}
	}
	if _, err := os.Stat(filepath.Join(examples, "provider", "provider.tf")); err != nil {
		t.Error("examples/provider/provider.tf is missing")
	}

	modules, _ := os.ReadDir(filepath.Join(examples, "modules"))
	for _, m := range modules {
		if m.Name() != "purge-after-release" {
			t.Errorf("examples/modules/%s is run by no test: add it to TestAccExamples", m.Name())
		}
	}

	entries, err := os.ReadDir(examples)
	if err != nil {
		t.Fatal(err)
	}
	known := []string{"provider", "resources", "data-sources", "ephemeral-resources", "actions", "modules", "local-name", "quickstart"}
	for _, e := range entries {
		if _, ok := examplesElsewhere[e.Name()]; e.IsDir() && !ok && !slices.Contains(known, e.Name()) {
			t.Errorf("examples/%s is run by no test: add it to TestAccExamples", e.Name())
		}
	}
}

// TestAccExamples runs every example against the emulator.
func TestAccExamples(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1", resource.EnvTfAcc)
	}
	// The examples name the provider by its real source address: serve it
	// there. (The variable is read when each test step starts the CLI.)
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "purgeworks")
	examples := examplesDir(t)

	t.Run("fmt", func(t *testing.T) {
		cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
		if cli == "" {
			t.Skip("TF_ACC_TERRAFORM_PATH is not set (eval \"$(scripts/tf-cli.sh --env)\")")
		}
		cmd := exec.Command(cli, "fmt", "-check", "-recursive", "-diff", "-no-color", examples)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s fmt -check: %v; run `make fmt`\n%s", filepath.Base(cli), err, out.String())
		}
	})

	t.Run("provider", func(t *testing.T) {
		srv := startExampleEmulator(t)
		// The provider example configures the provider only; a quota look-up
		// makes the CLI configure it, with the example's settings.
		dir := exampleWorkDir(t, srv, filepath.Join(examples, "provider"),
			map[string]string{"quota.tf": "data \"alicloud_cache_refresh_quota\" \"check\" {}\n"})
		resource.Test(t, resource.TestCase{
			Steps: []resource.TestStep{{
				ProtoV6ProviderFactories: exampleProviderFactories(),
				ConfigDirectory:          config.StaticDirectory(dir),
				Check:                    exampleExpectCalls(srv, "DescribeRefreshQuota", 1),
			}},
		})
	})

	// Each resource and data source example, and the quickstart of the
	// guide: every resource in them purges once, and nothing changes after.
	roots := []string{"quickstart"}
	for _, kind := range []string{"resources", "data-sources"} {
		entries, err := os.ReadDir(filepath.Join(examples, kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, ok := examplesElsewhere[filepath.Join(kind, e.Name())]; !ok {
				roots = append(roots, filepath.Join(kind, e.Name()))
			}
		}
	}
	for _, root := range roots {
		src := filepath.Join(examples, root)
		t.Run(root, func(t *testing.T) {
			srv := startExampleEmulator(t)
			dir := exampleWorkDir(t, srv, src, nil)
			steps := []resource.TestStep{{
				ProtoV6ProviderFactories: exampleProviderFactories(),
				ConfigDirectory:          config.StaticDirectory(dir),
				ConfigVariables:          exampleConfigVariables(t, dir),
				Check:                    exampleExpectOnePurgePerResource(srv),
			}}
			if script, err := os.ReadFile(filepath.Join(src, "import.sh")); err == nil {
				steps = append(steps, exampleImportStep(t, dir, string(script)))
			}
			resource.Test(t, resource.TestCase{Steps: steps})
		})
	}

	// Actions need Terraform 1.14: below it (and with OpenTofu) these skip.
	// An action example runs its action once, from a resource's
	// action_trigger.
	actions, _ := os.ReadDir(filepath.Join(examples, "actions"))
	for _, e := range actions {
		src := filepath.Join(examples, "actions", e.Name())
		t.Run("actions/"+e.Name(), func(t *testing.T) {
			srv := startExampleEmulator(t)
			dir := exampleWorkDir(t, srv, src, nil)
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
				Steps: []resource.TestStep{{
					ProtoV6ProviderFactories: exampleProviderFactories(),
					ConfigDirectory:          config.StaticDirectory(dir),
					ConfigVariables:          exampleConfigVariables(t, dir),
					Check:                    exampleExpectPurges(srv, 1),
				}},
			})
		})
	}

	// terraform-plugin-testing cannot read the state of configurations with
	// modules: these two run the CLI directly, with the provider binary.
	t.Run("local-name", func(t *testing.T) {
		srv := startExampleEmulator(t)
		cli := newExampleCLI(t, exampleWorkDir(t, srv, filepath.Join(examples, "local-name"), nil))
		cli.must("get")
		cli.must("apply", "-auto-approve")
		// The resource of the root module and the module's two, through
		// the provider named alicloudcache.
		exampleMustCalls(t, srv, "RefreshObjectCaches", 3)
		exampleMustCalls(t, srv, "DescribeRefreshQuota", 1)
		cli.mustNotChange()
		cli.must("destroy", "-auto-approve")
		exampleMustCalls(t, srv, "RefreshObjectCaches", 3)
	})

	t.Run("modules/purge-after-release", func(t *testing.T) {
		srv := startExampleEmulator(t)
		// A root module that purges whenever the built files change:
		// release is a hash of them, as the guide shows.
		root := t.TempDir()
		writeExampleFile(t, filepath.Join(root, "app.js"), "console.log(1)\n")
		writeExampleFile(t, filepath.Join(root, "main.tf"), fmt.Sprintf(`terraform {
  required_providers {
    alicloud = {
      source = %q
    }
  }
}

%s
module "purge" {
  source = %q

  release     = filesha256("${path.module}/app.js")
  site_url    = "https://static.example.com/"
  files       = ["index.html", "/app.js"]
  directories = ["assets"]
}

output "statuses" {
  value = module.purge.statuses
}
`, exampleSource, exampleProviderConfig("alicloud", srv), filepath.Join(examples, "modules", "purge-after-release")))
		cli := newExampleCLI(t, root)
		wantPaths := []string{"https://static.example.com/index.html\nhttps://static.example.com/app.js", "https://static.example.com/assets/"}

		// The first apply purges the files and the directory, and waits.
		cli.must("get")
		cli.must("apply", "-auto-approve")
		exampleMustCalls(t, srv, "RefreshObjectCaches", 2)
		exampleMustPaths(t, srv, wantPaths...)
		if got := strings.TrimSpace(cli.must("output", "-json", "statuses")); got != `["Complete","Complete"]` {
			t.Fatalf("statuses = %s, want both Complete", got)
		}
		// Nothing changed: nothing to do.
		cli.mustNotChange()

		// A new build purges again, the same paths.
		writeExampleFile(t, filepath.Join(root, "app.js"), "console.log(2)\n")
		cli.must("apply", "-auto-approve")
		exampleMustCalls(t, srv, "RefreshObjectCaches", 4)
		exampleMustPaths(t, srv, wantPaths...)
		cli.mustNotChange()

		// Destroying purges nothing.
		cli.must("destroy", "-auto-approve")
		exampleMustCalls(t, srv, "RefreshObjectCaches", 4)
	})

	// The module's own `terraform test`, as a module author would run it
	// against the emulator: here on a free port instead of 127.0.0.1:8787.
	t.Run("modules/purge-after-release/tests", func(t *testing.T) {
		srv := startExampleEmulatorFor(t, "demo-key", "demo-secret")
		module := t.TempDir()
		src := filepath.Join(examples, "modules", "purge-after-release")
		for _, pattern := range []string{"*.tf", filepath.Join("tests", "*.tftest.hcl")} {
			files, _ := filepath.Glob(filepath.Join(src, pattern))
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(src, f)
				if err := os.MkdirAll(filepath.Dir(filepath.Join(module, rel)), 0o755); err != nil {
					t.Fatal(err)
				}
				writeExampleFile(t, filepath.Join(module, rel), strings.ReplaceAll(string(data), "127.0.0.1:8787", srv.Addr()))
			}
		}
		cli := newExampleCLI(t, module)
		out := cli.must("test")
		if !strings.Contains(out, "4 passed, 0 failed") {
			t.Fatalf("want 4 runs passed:\n%s", out)
		}
		// Two purges, two again for the new release, one for the new files;
		// the plan-only run and the clean-up purge nothing.
		exampleMustCalls(t, srv, "RefreshObjectCaches", 5)
	})
}

// exampleCLI runs the CLI of the acceptance tests (TF_ACC_TERRAFORM_PATH) in
// one directory, with the provider built from this module installed by
// dev_overrides, as scripts/demo.sh does. With dev_overrides there is no
// init (it would look the provider up in the registry): `get` installs the
// modules.
type exampleCLI struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

func newExampleCLI(t *testing.T, dir string) *exampleCLI {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set (eval \"$(scripts/tf-cli.sh --env)\")")
	}
	plugins := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-alicloud"), "github.com/purgeworks/terraform-provider-alicloud")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "cli.tfrc")
	writeExampleFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", exampleSource, plugins))
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
	return &exampleCLI{t: t, bin: bin, dir: dir, env: env}
}

func (c *exampleCLI) run(args ...string) (string, error) {
	cmd := exec.Command(c.bin, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("%s %s: %w\n%s%s", filepath.Base(c.bin), strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), err
}

func (c *exampleCLI) must(args ...string) string {
	c.t.Helper()
	out, err := c.run(args...)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// mustNotChange fails unless a plan finds nothing to do.
func (c *exampleCLI) mustNotChange() {
	c.t.Helper()
	out, err := c.run("plan", "-detailed-exitcode")
	if err != nil {
		c.t.Fatalf("the plan after apply is not empty: %v\n%s", err, out)
	}
}

func exampleMustCalls(t *testing.T, srv *emulator.Server, action string, want int) {
	t.Helper()
	if err := exampleExpectCalls(srv, action, want)(nil); err != nil {
		t.Fatal(err)
	}
}

func exampleMustPaths(t *testing.T, srv *emulator.Server, objectPaths ...string) {
	t.Helper()
	if err := exampleExpectPaths(srv, objectPaths...)(nil); err != nil {
		t.Fatal(err)
	}
}

func exampleProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"alicloud": serverWithError(NewServer("test")),
	}
}

func startExampleEmulator(t *testing.T) *emulator.Server {
	t.Helper()
	return startExampleEmulatorFor(t, exampleAccessKey, exampleSecretKey)
}

// startExampleEmulatorFor serves the emulator for one test, accepting the
// given key pair.
func startExampleEmulatorFor(t *testing.T, accessKey, secretKey string) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start(emulator.Options{
		Credentials:  []emulator.Credential{{AccessKeyID: accessKey, AccessKeySecret: secretKey}},
		TaskDuration: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// exampleProviderConfig is a provider block, under the given local name,
// that sends every service to the emulator.
func exampleProviderConfig(localName string, srv *emulator.Server) string {
	return fmt.Sprintf(`provider %[1]q {
  access_key = %[2]q
  secret_key = %[3]q
  protocol   = "HTTP"
  endpoints {
    cdn  = %[4]q
    dcdn = %[4]q
    vod  = %[4]q
  }
}
`, localName, exampleAccessKey, exampleSecretKey, srv.Addr())
}

var (
	exampleTerraformBlock = regexp.MustCompile(`(?m)^terraform\s*\{`)
	// The local name of this provider in required_providers.
	exampleRequiredSource  = regexp.MustCompile(`(?m)^\s*(\w+)\s*=\s*\{\s*source\s*=\s*"` + regexp.QuoteMeta(exampleSource) + `"`)
	exampleRelativeModule  = regexp.MustCompile(`(?m)^(\s*source\s*=\s*)"(\.\.?/[^"]*)"`)
	exampleVariableBlock   = regexp.MustCompile(`(?m)^variable\s+"(\w+)"\s*\{([^}]*)\}`)
	exampleImportCommand   = regexp.MustCompile(`(?m)^terraform import (\S+) (\w+):(\S+)$`)
	exampleDefaultArgument = regexp.MustCompile(`(?m)^\s*default\s*=`)
)

// exampleWorkDir copies the example's files to a directory of the test's own
// and points the provider at the emulator: with an override file when the
// example configures the provider, else with a file that requires and
// configures it. Relative module sources become absolute, since the CLI
// runs the copy elsewhere. extra files are added as they are.
func exampleWorkDir(t *testing.T, srv *emulator.Server, src string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, e := range entries {
		if e.IsDir() {
			// A fixture the example reads, such as a site for fileset().
			if err := os.CopyFS(filepath.Join(dir, e.Name()), os.DirFS(filepath.Join(src, e.Name()))); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		text := exampleRelativeModule.ReplaceAllStringFunc(string(data), func(m string) string {
			parts := exampleRelativeModule.FindStringSubmatch(m)
			return parts[1] + fmt.Sprintf("%q", filepath.Join(src, parts[2]))
		})
		writeExampleFile(t, filepath.Join(dir, e.Name()), text)
		all.WriteString(text + "\n")
	}

	text := all.String()
	localName := "alicloud"
	if m := exampleRequiredSource.FindStringSubmatch(text); m != nil {
		localName = m[1]
	}
	switch {
	case regexp.MustCompile(`(?m)^provider\s+"` + localName + `"`).MatchString(text):
		writeExampleFile(t, filepath.Join(dir, "emulator_override.tf"), exampleProviderConfig(localName, srv))
	case exampleRequiredSource.MatchString(text):
		writeExampleFile(t, filepath.Join(dir, "emulator.tf"), exampleProviderConfig(localName, srv))
	default:
		if exampleTerraformBlock.MatchString(text) {
			t.Logf("the example has a terraform block that does not require %s; adding one that does", exampleSource)
		}
		writeExampleFile(t, filepath.Join(dir, "emulator.tf"), fmt.Sprintf("terraform {\n  required_providers {\n    alicloud = {\n      source = %q\n    }\n  }\n}\n\n%s", exampleSource, exampleProviderConfig(localName, srv)))
	}
	for name, content := range extra {
		writeExampleFile(t, filepath.Join(dir, name), content)
	}
	return dir
}

// exampleConfigVariables gives a value to each variable of the configuration
// in dir that has no default.
func exampleConfigVariables(t *testing.T, dir string) config.Variables {
	t.Helper()
	vars := config.Variables{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range exampleVariableBlock.FindAllStringSubmatch(string(data), -1) {
			if exampleDefaultArgument.MatchString(m[2]) {
				continue
			}
			v, ok := exampleVariables[m[1]]
			if !ok {
				t.Fatalf("variable %q of %s has no default and no value in exampleVariables", m[1], filepath.Base(f))
			}
			vars[m[1]] = config.StringVariable(v)
		}
	}
	return vars
}

// exampleImportStep runs the example's import.sh command, with the task ID
// the apply got in place of the script's.
func exampleImportStep(t *testing.T, dir, script string) resource.TestStep {
	t.Helper()
	m := exampleImportCommand.FindStringSubmatch(script)
	if m == nil {
		t.Fatalf("import.sh has no `terraform import ADDRESS SERVICE:TASK_ID` line:\n%s", script)
	}
	addr, service := m[1], m[2]
	return resource.TestStep{
		ProtoV6ProviderFactories: exampleProviderFactories(),
		ConfigDirectory:          config.StaticDirectory(dir),
		ConfigVariables:          exampleConfigVariables(t, dir),
		ResourceName:             addr,
		ImportState:              true,
		ImportStateIdFunc: func(s *terraform.State) (string, error) {
			rs, ok := s.RootModule().Resources[addr]
			if !ok {
				return "", fmt.Errorf("import.sh imports %s, which the example does not create", addr)
			}
			if got := rs.Primary.Attributes["service"]; got != service {
				return "", fmt.Errorf("import.sh imports %s as a %s task, but it is a %s refresh", addr, service, got)
			}
			return service + ":" + rs.Primary.Attributes["task_id"], nil
		},
		ImportStateCheck: func(states []*terraform.InstanceState) error {
			if len(states) != 1 || states[0].Attributes["task_id"] == "" {
				return fmt.Errorf("import gave %d instances, want one with a task_id", len(states))
			}
			return nil
		},
	}
}

// exampleExpectOnePurgePerResource checks that each managed resource in the
// state made one accepted refresh or prefetch call, and has its task ID; a
// wait purges nothing and saw its tasks complete.
func exampleExpectOnePurgePerResource(srv *emulator.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		resources := 0
		for _, m := range s.Modules {
			for name, rs := range m.Resources {
				if strings.HasPrefix(name, "data.") {
					continue
				}
				if strings.HasPrefix(name, "alicloud_cache_refresh_wait.") {
					// It purges nothing: it waited for every task.
					if rs.Primary == nil || rs.Primary.Attributes["status"] != "Complete" {
						return fmt.Errorf("%s did not see its tasks complete", name)
					}
					continue
				}
				resources++
				if rs.Primary == nil || rs.Primary.Attributes["task_id"] == "" {
					return fmt.Errorf("%s has no task_id", name)
				}
			}
		}
		if err := exampleExpectPurges(srv, resources)(s); err != nil {
			return fmt.Errorf("%d resources: %w", resources, err)
		}
		return nil
	}
}

// exampleExpectPurges checks that the emulator accepted want refresh or
// prefetch calls: any call but a look-up.
func exampleExpectPurges(srv *emulator.Server, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var purges []string
		for _, r := range srv.Requests() {
			if r.HTTPStatus == 200 && !strings.HasPrefix(r.Action, "Describe") {
				purges = append(purges, r.Action)
			}
		}
		if len(purges) != want {
			return fmt.Errorf("the emulator accepted %d refresh or prefetch calls, want %d: %v", len(purges), want, purges)
		}
		return nil
	}
}

func exampleExpectCalls(srv *emulator.Server, action string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := 0
		for _, r := range srv.Requests() {
			if r.Action == action && r.HTTPStatus == 200 {
				got++
			}
		}
		if got != want {
			return fmt.Errorf("the emulator accepted %d %s calls, want %d", got, action, want)
		}
		return nil
	}
}

// exampleExpectPaths checks that every accepted refresh sent one of the
// given ObjectPath values.
func exampleExpectPaths(srv *emulator.Server, objectPaths ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range srv.Requests() {
			if strings.HasPrefix(r.Action, "Refresh") && !slices.Contains(objectPaths, r.Params["ObjectPath"]) {
				return fmt.Errorf("%s sent ObjectPath %q, want one of %q", r.Action, r.Params["ObjectPath"], objectPaths)
			}
		}
		return nil
	}
}

func writeExampleFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func exampleSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
