package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccCachePreload_eachService(t *testing.T) {
	tests := []struct {
		service, action, config string
		params                  map[string]string
	}{
		{"cdn", "PushObjectCache", `
area         = "overseas"
l2_preload   = true
with_header  = jsonencode({ Origin = "https://example.com" })
object_paths = ["https://example.com/app.js", "https://example.com/app.css"]`,
			map[string]string{"ObjectPath": "https://example.com/app.js\nhttps://example.com/app.css", "Area": "overseas", "L2Preload": "true", "WithHeader": `{"Origin":"https://example.com"}`}},
		{"dcdn", "PreloadDcdnObjectCaches", `
service             = "dcdn"
object_paths        = ["example.com/index.html"]
wait_for_completion = true`,
			map[string]string{"ObjectPath": "example.com/index.html", "L2Preload": "false"}},
		{"vod", "PreloadVodObjectCaches", `
service      = "vod"
object_paths = ["video.example.com/v/1.m3u8"]`,
			map[string]string{"ObjectPath": "video.example.com/v/1.m3u8"}},
	}
	for _, tc := range tests {
		t.Run(tc.service, func(t *testing.T) {
			srv := startEmulator(t)
			status := "Submitted"
			if tc.service == "dcdn" {
				status = "Complete"
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + "resource \"alicloud_cache_preload\" \"this\" {\n" + tc.config + "\n}",
					Check: resource.ComposeAggregateTestCheckFunc(
						checkSent(srv, tc.action, 1, tc.params),
						checkTaskIDs(srv, "alicloud_cache_preload.this", paramsPaths(tc.params)...),
					),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("alicloud_cache_preload.this", tfjsonpath.New("status"), knownvalue.StringExact(status)),
					},
				}},
				// Destroying prefetches nothing.
				CheckDestroy: checkSent(srv, tc.action, 1, nil),
			})
		})
	}
}

// paramsPaths are the paths a call's ObjectPath carried.
func paramsPaths(params map[string]string) []string {
	return strings.Split(params["ObjectPath"], "\n")
}

func TestAccCachePreload_planTimeValidation(t *testing.T) {
	srv := startEmulator(t)
	var steps []resource.TestStep
	for _, tc := range []struct{ body, error string }{
		{`object_paths = [for i in range(101) : "example.com/${i}.js"]`, `object_paths\[100\]: a prefetch takes at most 100 URLs per request \(SingleRequest.OverLimit\); this resource has 101`},
		{`object_paths = [for i in range(11) : "d${i}.example.com/a.js"]`, `a cdn prefetch takes paths on at most 10 domains`},
		{"service = \"dcdn\"\nobject_paths = [for i in range(11) : \"d${i}.example.com/a.js\"]", `object_paths\[10\]: a dcdn prefetch takes paths on at most 10 domains`},
		// VOD prefetches no directories (reference notes §9).
		{"service = \"vod\"\nobject_paths = [\"video.example.com/v/1.mp4\", \"video.example.com/v/\"]",
			`object_paths\[1\]: "video.example.com/v/" names a directory, and vod prefetches files only \(PreloadVodObjectCaches takes no directories\): name each file instead, such as "video.example.com/v/video.mp4"`},
		{`object_paths = ["*.example.com/a.js"]`, `wildcard domain`},
		{`object_paths = ["example.com/a\nexample.com/b"]`, `contains a line break`},
		{"service = \"edge_routine\"\nobject_paths = [\"example.com/a\"]", `"edge_routine" is not one of "cdn", "dcdn", "vod"`},
		{"area = \"Overseas\"\nobject_paths = [\"example.com/a\"]", `did you mean "overseas"\?`},
		{"with_header = \"Origin: x\"\nobject_paths = [\"example.com/a\"]", `with_header is a JSON object`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv) + "resource \"alicloud_cache_preload\" \"bad\" {\n" + tc.body + "\n}",
			ExpectError: expectError(tc.error),
			PlanOnly:    true,
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	assertNothingSent(t, srv)
}
