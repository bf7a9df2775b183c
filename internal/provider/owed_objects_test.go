package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func owedModel(taskID, service string, force bool, paths ...string) cacheRefreshObjectsModel {
	objects := map[string]attr.Value{}
	for _, p := range paths {
		objects[p] = types.StringValue("v1")
	}
	m := cacheRefreshObjectsModel{
		Service: types.StringValue(service),
		Objects: types.MapValueMust(types.StringType, objects),
		Force:   types.BoolValue(force),
	}
	m.TaskID = types.StringValue(taskID)
	return m
}

func TestOwedObjectsTakeOverTheSameServiceAndForce(t *testing.T) {
	o := &owedObjects{}
	o.add(failedObjects{model: owedModel("202", "cdn", false, "https://example.com/c.js")})
	o.add(failedObjects{model: owedModel("101", "cdn", false, "https://example.com/a.js", "https://example.com/b.js")})

	for name, planned := range map[string]cacheRefreshObjectsModel{
		"another service":     owedModel("", "dcdn", false, "https://example.com/a.js"),
		"force":               owedModel("", "cdn", true, "https://example.com/a.js"),
		"no object in common": owedModel("", "cdn", false, "https://example.com/d.js"),
	} {
		if _, ok := o.find(planned); ok {
			t.Errorf("%s: a record was taken over", name)
		}
	}

	// The record sharing the most objects, paths spelt differently
	// included.
	planned := owedModel("", "cdn", false, "HTTPS://Example.COM/a.js", "https://example.com:443/b.js", "https://example.com/c.js")
	if f, ok := o.take(planned); !ok || f.model.TaskID.ValueString() != "101" {
		t.Fatalf("took %v %v, want the record of task 101", f.model.TaskID, ok)
	}
	if f, ok := o.take(planned); !ok || f.model.TaskID.ValueString() != "202" {
		t.Fatalf("took %v %v, want the record of task 202 once 101 is taken", f.model.TaskID, ok)
	}
	if _, ok := o.take(planned); ok {
		t.Fatal("a record was taken over twice")
	}
}

func TestOwedObjectsForget(t *testing.T) {
	o := &owedObjects{}
	o.add(failedObjects{model: owedModel("101", "cdn", false, "example.com/a.js")})
	o.forget(owedModel("101", "cdn", false).submission) // untainted: its own updates purge what it owes
	if _, ok := o.find(owedModel("", "cdn", false, "example.com/a.js")); ok {
		t.Fatal("a forgotten record was taken over")
	}

	var none *owedObjects // no provider configuration yet
	none.add(failedObjects{})
	none.forget(owedModel("101", "cdn", false).submission)
	if _, ok := none.take(owedModel("", "cdn", false, "example.com/a.js")); ok {
		t.Fatal("nothing was noted, yet a record was taken over")
	}
}

// The apply notes the tainted resource's record for the replacement its
// plan named: another new resource sharing objects with it, created in the
// same apply, does not take it over, whichever create runs first.
func TestOwedObjectsTakenOverOnlyByTheirClaimant(t *testing.T) {
	replacement := owedModel("", "cdn", false, "https://example.com/a.js", "https://example.com/b.js")
	another := owedModel("", "cdn", false, "https://example.com/a.js")
	o := &owedObjects{}
	o.add(failedObjects{model: owedModel("101", "cdn", false, "https://example.com/a.js", "https://example.com/b.js"), claimant: claimant(replacement)})
	if _, ok := o.take(another); ok {
		t.Fatal("another resource sharing an object took the record over")
	}
	if f, ok := o.take(owedModel("", "cdn", false, "HTTPS://example.com/b.js", "https://example.com/a.js")); !ok || f.model.TaskID.ValueString() != "101" {
		t.Fatalf("took %v %v, want the replacement to take the record of task 101", f.model.TaskID, ok)
	}
}
