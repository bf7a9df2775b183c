package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// objectsCLI writes an alicloud_cache_refresh_objects configuration for the
// real CLI; write rewrites it between commands.
func objectsCLI(t *testing.T, srv *emulator.Server, objects, settings string) (cli *exampleCLI, write func(objects, settings string)) {
	t.Helper()
	dir, cli := unwaitedCLI(t, objectsConfig(srv, objects, settings))
	return cli, func(objects, settings string) {
		writeExampleFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    alicloud = { source = %q }
  }
}`, exampleSource)+objectsConfig(srv, objects, settings))
	}
}

// mustSay fails unless out, its lines unwrapped, matches pattern.
func mustSay(t *testing.T, what, out, pattern string) {
	t.Helper()
	if !regexp.MustCompile(pattern).MatchString(strings.Join(strings.Fields(out), " ")) {
		t.Fatalf("%s does not say %q:\n%s", what, pattern, out)
	}
}

// The first apply is a create, stopped after the first of two requests:
// Terraform taints the resource, and the next apply, without terraform
// untaint, replaces it. The replacement purges only the 500 URLs still
// owed, as the saved plan says: each of the 1,500 is purged once over both
// applies.
func TestAccCacheRefreshObjects_failedFirstApplyReplaced(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 200 * time.Millisecond})
	site := siteObjects(1460, nil)
	cli, write := objectsCLI(t, srv, site, "  split_requests = true\n  timeouts = { create = \"4s\" }")

	srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Count: 1, Actions: []string{"RefreshObjectCaches"}})
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Count: 1000, Actions: []string{"RefreshObjectCaches"}})
	out, err := cli.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("want the first apply to fail:\n%s", out)
	}
	mustSay(t, "the failed apply", err.Error(), "1,000 URLs were purged before it stopped.*the replacement takes this record over")
	srv.ClearFaults()
	first := purgeLog{srv}.paths("File")
	if len(first) != 1000 {
		t.Fatalf("the first request purged %d paths, want 1,000", len(first))
	}

	write(site, "  split_requests = true\n  timeouts = { create = \"2m\" }")
	// A saved plan, as pipelines apply: the apply's own process learns
	// the record from the plan.
	plan := cli.must("plan", "-out=tfplan")
	mustSay(t, "the plan", plan, `alicloud_cache_refresh_objects.site is tainted, so (it )?must be replaced`)
	mustSay(t, "the plan", plan, `1,000 objects purged then are not purged again; this apply purges the 500 objects still owed`)
	cli.must("apply", "tfplan")
	got, want := purgeLog{srv}.paths("File"), siteURLs(1460)
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("purged %d URLs over both applies, want each of the 1,500 once: %s", len(got), abbreviate(got))
	}
	if dirs := (purgeLog{srv}).paths("Directory"); len(dirs) > 0 {
		t.Fatalf("purged directories %v, want none (no directory_threshold)", dirs)
	}
	mustSay(t, "the state", cli.must("state", "show", "alicloud_cache_refresh_objects.site"), `status += "Submitted"`)
	cli.mustNotChange()
}

// A first apply whose task fails for one path: the replacement purges that
// path alone.
func TestAccCacheRefreshObjects_failedTaskInFirstApplyReplaced(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 200 * time.Millisecond})
	site := siteObjects(5, nil)
	failing := "https://example.com/f0003.html"
	cli, _ := objectsCLI(t, srv, site, "  wait_for_completion = true")

	srv.FailPath(failing, "Origin Return StatusCode 5XX")
	if out, err := cli.run("apply", "-auto-approve"); err == nil {
		t.Fatalf("want the first apply to fail:\n%s", out)
	}
	srv.ClearFailPaths()
	mark := 0
	if err := expectPurged(srv, &mark, siteURLs(5), nil)(nil); err != nil {
		t.Fatal(err)
	}

	mustSay(t, "the plan", cli.must("plan"), `44 objects purged then are not purged again; this apply purges the 1 object still owed`)
	cli.must("apply", "-auto-approve")
	if err := expectPurged(srv, &mark, []string{failing}, nil)(nil); err != nil {
		t.Fatal(err)
	}
	cli.mustNotChange()
}

// The first apply's wait is cut short after its purge was accepted: the
// next apply, without terraform untaint, sends nothing and waits for the
// same task (cut short again, the apply after it still does), until it
// completes.
func TestAccCacheRefreshObjects_firstApplyWaitCutShortReplaced(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Minute})
	site := siteObjects(5, nil)
	cli, write := objectsCLI(t, srv, site, "  wait_for_completion = true\n  timeouts = { create = \"2s\" }")

	out, err := cli.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("want the wait to time out:\n%s", out)
	}
	mustSay(t, "the failed apply", err.Error(), `Timed out waiting for the refresh.*the replacement waits for these tasks instead of purging again`)
	exampleMustCalls(t, srv, "RefreshObjectCaches", 1)
	taskID := srv.Tasks()[0].TaskID

	mustSay(t, "the plan", cli.must("plan"),
		`45 objects purged then are not purged again; nothing is still owed, and this apply waits for its tasks`)
	if out, err := cli.run("apply", "-auto-approve"); err == nil || !strings.Contains(err.Error(), "Timed out waiting for the refresh") {
		t.Fatalf("want the replacement to wait for the same task until its timeout; err %v:\n%s", err, out)
	}

	clock.Advance(11 * time.Minute)
	write(site, "  wait_for_completion = true\n  timeouts = { create = \"2m\" }")
	cli.must("apply", "-auto-approve")
	exampleMustCalls(t, srv, "RefreshObjectCaches", 1)
	state := cli.must("state", "show", "alicloud_cache_refresh_objects.site")
	mustSay(t, "the state", state, `task_id += "`+taskID+`"`)
	mustSay(t, "the state", state, `status += "Complete"`)
	cli.mustNotChange()
}

// A first apply fails after purging, and the next configuration no longer
// has the tainted resource: another resource, new, lists one of its
// objects. The tainted one is destroyed, not replaced: its record is no
// one's to take over, and the new resource purges its own object alone,
// not the tainted one's other objects as if they had been removed.
func TestAccCacheRefreshObjects_failedFirstApplyDestroyedNotTakenOver(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 200 * time.Millisecond})
	failing := "https://example.com/f0003.html"
	dir, cli := unwaitedCLI(t, objectsConfig(srv, siteObjects(5, nil), "  wait_for_completion = true"))

	srv.FailPath(failing, "Origin Return StatusCode 5XX")
	if out, err := cli.run("apply", "-auto-approve"); err == nil {
		t.Fatalf("want the first apply to fail:\n%s", out)
	}
	srv.ClearFailPaths()
	mark := 0
	if err := expectPurged(srv, &mark, siteURLs(5), nil)(nil); err != nil {
		t.Fatal(err)
	}

	other := strings.Replace(objectsConfig(srv, `{ "https://example.com/f0000.html" = "v1" }`, ""), `"site"`, `"other"`, 1)
	writeExampleFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    alicloud = { source = %q }
  }
}`, exampleSource)+other)
	cli.must("apply", "-auto-approve")
	if err := expectPurged(srv, &mark, []string{"https://example.com/f0000.html"}, nil)(nil); err != nil {
		t.Fatal(err)
	}
	cli.mustNotChange()
}

// A first apply fails after purging; the next adds another resource that
// shares one object. Both plans find the tainted record, but only the
// replacement takes it over: it purges the one path still owed, and the
// new resource its one object, whichever is created first.
func TestAccCacheRefreshObjects_failedFirstApplyReplacedBesideANewResource(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 200 * time.Millisecond})
	failing, shared := "https://example.com/f0003.html", "https://example.com/f0000.html"
	site := objectsConfig(srv, siteObjects(5, nil), "  wait_for_completion = true")
	dir, cli := unwaitedCLI(t, site)
	srv.FailPath(failing, "Origin Return StatusCode 5XX")
	if out, err := cli.run("apply", "-auto-approve"); err == nil {
		t.Fatalf("want the first apply to fail:\n%s", out)
	}
	srv.ClearFailPaths()
	mark := 0
	if err := expectPurged(srv, &mark, siteURLs(5), nil)(nil); err != nil {
		t.Fatal(err)
	}

	for range 3 { // the creates' order varies from run to run
		other := strings.Replace(objectsConfig(srv, fmt.Sprintf(`{ %q = "v1" }`, shared), ""), `"site"`, `"other"`, 1)
		other = other[strings.Index(other, `resource "alicloud_cache_refresh_objects"`):]
		writeExampleFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    alicloud = { source = %q }
  }
}`, exampleSource)+site+"\n"+other)
		cli.must("apply", "-auto-approve")
		if err := expectPurged(srv, &mark, []string{shared, failing}, nil)(nil); err != nil {
			t.Fatal(err)
		}
		cli.mustNotChange()
		// Taint the site again for the next round, as the first apply did.
		srv.FailPath(failing, "Origin Return StatusCode 5XX")
		writeExampleFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    alicloud = { source = %q }
  }
}`, exampleSource)+site)
		cli.must("state", "rm", "alicloud_cache_refresh_objects.site", "alicloud_cache_refresh_objects.other")
		if out, err := cli.run("apply", "-auto-approve"); err == nil {
			t.Fatalf("want the first apply to fail:\n%s", out)
		}
		srv.ClearFailPaths()
		if err := expectPurged(srv, &mark, siteURLs(5), nil)(nil); err != nil {
			t.Fatal(err)
		}
	}
}
