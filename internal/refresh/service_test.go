package refresh

import (
	"slices"
	"strings"
	"testing"
)

// TestEveryServiceIsDescribed: each service names the API and the
// operations every caller makes, and has its numbers in Table, so that
// none falls through to another service's API.
func TestEveryServiceIsDescribed(t *testing.T) {
	for _, svc := range Services {
		d := Describe(svc)
		if d.Product == "" || d.Version == "" {
			t.Errorf("%s: API product %q version %q", svc, d.Product, d.Version)
		}
		for name, c := range map[string]Call{"Refresh": d.Refresh, "TaskList": d.TaskList, "Quota": d.Quota, "LookUp": d.LookUp()} {
			if !c.Has() {
				t.Errorf("%s: no %s operation", svc, name)
			}
		}
		for name, c := range map[string]Call{"Refresh": d.Refresh, "Prefetch": d.Prefetch, "TasksByID": d.TasksByID, "TaskList": d.TaskList} {
			if c.Has() && c.Answer == "" {
				t.Errorf("%s: %s names no field of its answer", svc, name)
			}
		}
		if d.TasksByID.Has() != (Table[svc].TaskIDsPerLookup.Max > 1) {
			t.Errorf("%s: by-ID look-up %q, but Table takes %d IDs per look-up", svc, d.TasksByID.Action, Table[svc].TaskIDsPerLookup.Max)
		}
		if d.Prefetch.Has() != (Table[svc].PreloadPerRequest.Max > 0) {
			t.Errorf("%s: prefetch %q, but Table's prefetch limit is %d", svc, d.Prefetch.Action, Table[svc].PreloadPerRequest.Max)
		}
		if _, ok := Table[svc]; !ok {
			t.Errorf("%s: no limits in Table", svc)
		}
	}
	if !slices.Equal(PreloadServices, []Service{CDN, DCDN, VOD}) {
		t.Errorf("PreloadServices = %v", PreloadServices)
	}
	// Edge routine tasks are DCDN's: the same API, look-ups and quota.
	er, dcdn := Describe(EdgeRoutine), Describe(DCDN)
	if er.Product != dcdn.Product || er.TaskList != dcdn.TaskList || er.TasksByID != dcdn.TasksByID || er.Quota != dcdn.Quota {
		t.Errorf("edge routine %+v does not look up as DCDN %+v", er, dcdn)
	}
	if er.Refresh.Action != "RefreshErObjectCaches" || VOD.Operation() != "RefreshVodObjectCaches" {
		t.Errorf("refresh operations %s, %s", er.Refresh.Action, VOD.Operation())
	}
}

// TestUnknownServiceFailsLoudly: a service value without a description is
// a defect, and says which.
func TestUnknownServiceFailsLoudly(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), `"cdn_v2" has no description`) {
			t.Fatalf("recovered %v", r)
		}
	}()
	Describe("cdn_v2")
}
