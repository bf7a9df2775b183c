package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// TestAccCacheRefresh_planTimeValidation gives one failing input for every
// rule and proves that the plan fails and nothing reaches the API.
func TestAccCacheRefresh_planTimeValidation(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		error string
	}{
		// Per-request counts, by object type (SingleRequest.OverLimit).
		{"1,001 URLs", `object_paths = [for i in range(1001) : "example.com/${i}.js"]`,
			`object_paths\[1000\]: a refresh of type File takes at most 1,000 URLs per request \(SingleRequest.OverLimit\); this resource has 1,001`},
		{"1,001 IgnoreParams URLs", `
object_type  = "IgnoreParams"
service      = "dcdn"
object_paths = [for i in range(1001) : "example.com/${i}.js"]`,
			`type IgnoreParams takes at most 1,000 URLs`},
		{"101 directories", `
object_type  = "Directory"
service      = "vod"
object_paths = [for i in range(101) : "example.com/${i}/"]`,
			`object_paths\[100\]: a refresh of type Directory takes at most 100 directories`},
		{"2 regular expressions", `
object_type  = "Regex"
object_paths = ["example.com/a/.*", "example.com/b/.*"]`,
			`object_paths\[1\]: a refresh of type Regex takes at most 1 regular expression`},
		// Path rules.
		{"path of 1,025 characters", `object_paths = ["example.com/${join("", [for i in range(1013) : "a"])}"]`,
			`1,025 characters long; the API takes at most 1,024`},
		{"11 domains on cdn", `object_paths = [for i in range(11) : "d${i}.example.com/a.js"]`,
			`object_paths\[10\]: a cdn refresh takes paths on at most 10 domains`},
		{"11 domains on dcdn", `
service      = "dcdn"
object_paths = [for i in range(11) : "d${i}.example.com/a.js"]`,
			`object_paths\[10\]: a dcdn refresh takes paths on at most 10 domains per request; this resource names 11.*split_requests = true`},
		{"2 domains on edge_routine", `
service      = "edge_routine"
routine_id   = "r.sub"
object_paths = ["a.example.com/x", "b.example.com/x"]`,
			`object_paths\[1\]: an edge_routine refresh takes paths on one domain only`},
		{"no domain", `object_paths = ["/index.html"]`, `names no domain`},
		{"other scheme", `object_paths = ["ftp://example.com/a"]`, `uses the scheme "ftp"`},
		{"wildcard domain", `object_paths = ["*.example.com/a.js"]`, `wildcard domain.*InvalidExtensiveDomain.ValueNotSupported`},
		{"newline in a path", `object_paths = ["example.com/a\nexample.com/b"]`, `contains a line break`},
		{"carriage return in a path", `object_paths = ["example.com/a\r"]`, `contains a line break`},
		{"empty path", `object_paths = ["example.com/a", ""]`, `object_paths\[1\]: the path is empty`},
		{"white space around a path", `object_paths = [" example.com/a"]`, `leading or trailing white space`},
		{"directory without slash", `
object_type  = "Directory"
object_paths = ["example.com/img"]`, `a Directory path must end with "/"; write "example.com/img/"`},
		{"regex that does not compile", `
object_type  = "Regex"
object_paths = ["example.com/(a|b"]`, `not a valid regular expression`},
		{"IgnoreParams with a query", `
object_type  = "IgnoreParams"
object_paths = ["example.com/a.js?v=2"]`, `must not carry a query string`},
		{"no paths", `object_paths = []`, `object_paths.*at least 1`},
		{"null path", `object_paths = [null]`, `null`},
		{"no paths hides no other problem", `
service      = "edge_routine"
object_paths = []`, `set routine_id`},
		// Options of the edge routine service.
		{"edge_routine without routine_id", `
service      = "edge_routine"
object_paths = ["example.com/a"]`, `set routine_id`},
		{"malformed routine_id", `
service      = "edge_routine"
routine_id   = "just-a-name"
object_paths = ["example.com/a"]`, `routine_id: "just-a-name" is not a routine ID`},
		{"routine_id on cdn", `
routine_id   = "r.sub"
object_paths = ["example.com/a"]`, `only the edge_routine service \(RefreshErObjectCaches\) takes routine_id`},
		{"merge_domain_names on dcdn", `
service            = "dcdn"
merge_domain_names = ["a.example.com"]
object_paths       = ["example.com/a"]`, `takes merge_domain_names`},
		{"malformed merge domain", `
service            = "edge_routine"
routine_id         = "r.sub"
merge_domain_names = ["https://a.example.com"]
object_paths       = ["example.com/a"]`, `merge_domain_names\[0\]`},
		// Enum values are exact, with the right spelling suggested.
		{"service misspelt", `
service      = "CDN"
object_paths = ["example.com/a"]`, `did you mean "cdn"\?`},
		{"object type in lower case", `
object_type  = "directory"
object_paths = ["example.com/a/"]`, `did you mean "Directory"\?`},
	}

	srv := startEmulator(t)
	var steps []resource.TestStep
	for _, tc := range tests {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv) + "resource \"alicloud_cache_refresh\" \"bad\" {\n" + tc.body + "\n}\n",
			ExpectError: expectError(tc.error),
			PlanOnly:    true,
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
	})
	assertNothingSent(t, srv)
}

// TestAccCacheRefresh_quotaWarning: a request above the default daily quota
// is only warned about, not refused: with a raised quota it is sent. The
// warning itself is checked by TestValidateConfigWarnsAboveDailyQuota.
func TestAccCacheRefresh_quotaWarning(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{Quotas: []emulator.Quota{{Product: "cdn", Counter: "IgnoreParams", Daily: 1000}}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "many" {
  object_type  = "IgnoreParams"
  object_paths = [for i in range(150) : "example.com/${i}.js"]
}`,
			Check: checkSent(srv, "RefreshObjectCaches", 1, map[string]string{"ObjectType": "IgnoreParams"}),
		}},
	})
	if got := srv.Requests(); len(got) == 0 {
		t.Fatal("nothing was sent")
	}
}
