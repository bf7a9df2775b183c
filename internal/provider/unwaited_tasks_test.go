package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func unwaitedModel(taskID, trigger string, force bool, paths ...string) cacheRefreshModel {
	elems := make([]attr.Value, len(paths))
	for i, p := range paths {
		elems[i] = types.StringValue(p)
	}
	m := cacheRefreshModel{
		Service:          types.StringValue("cdn"),
		ObjectType:       types.StringValue("File"),
		ObjectPaths:      types.ListValueMust(types.StringType, elems),
		Force:            types.BoolValue(force),
		RoutineID:        types.StringNull(),
		MergeDomainNames: types.ListNull(types.StringType),
		TriggersReplace:  types.DynamicValue(types.StringValue(trigger)),
	}
	m.TaskID = types.StringValue(taskID)
	return m
}

func TestUnwaitedTasksTakeOverOnlyTheSamePurge(t *testing.T) {
	u := &unwaitedTasks{}
	u.add(unwaitedModel("101", "v1", false, "example.com/a.js", "example.com/b.js"))

	for name, planned := range map[string]cacheRefreshModel{
		"another trigger": unwaitedModel("", "v2", false, "example.com/a.js", "example.com/b.js"),
		"force":           unwaitedModel("", "v1", true, "example.com/a.js", "example.com/b.js"),
		"another path":    unwaitedModel("", "v1", false, "example.com/a.js", "example.com/c.js"),
		"one path fewer":  unwaitedModel("", "v1", false, "example.com/a.js"),
	} {
		if m, ok := u.take(planned); ok {
			t.Errorf("%s: took over task %s", name, m.TaskID)
		}
	}

	planned := unwaitedModel("", "v1", false, "example.com/b.js", "example.com/a.js") // reordered
	if found := u.find(planned); len(found) != 1 || found[0].TaskID.ValueString() != "101" {
		t.Fatalf("find = %v; want task 101", found)
	}
	if m, ok := u.take(planned); !ok || m.TaskID.ValueString() != "101" {
		t.Fatalf("take = %v, %v; want task 101", m.TaskID, ok)
	}
	if _, ok := u.take(planned); ok {
		t.Fatal("task 101 taken over twice")
	}
}

func TestUnwaitedTasksForget(t *testing.T) {
	u := &unwaitedTasks{}
	m := unwaitedModel("101", "v1", false, "example.com/a.js")
	m.RequestID = types.StringValue("REQ-1")
	u.add(m)
	other := unwaitedModel("102", "v1", false, "example.com/b.js")
	other.RequestID = types.StringValue("REQ-2")
	u.forget(other.submission)
	if len(u.find(m)) == 0 {
		t.Fatal("forgetting task 102 withdrew task 101")
	}
	// Alibaba gave another resource's refresh of the domain, sent in the
	// same second, the same task ID: forgetting it leaves this one.
	other.TaskID = m.TaskID
	u.forget(other.submission)
	if len(u.find(m)) == 0 {
		t.Fatal("forgetting another request of task 101 withdrew this one")
	}
	u.forget(m.submission)
	if len(u.find(m)) > 0 {
		t.Fatal("task 101 still offered")
	}
	var none *unwaitedTasks // no provider configuration yet
	none.add(m)
	none.forget(m.submission)
	if _, ok := none.take(m); ok {
		t.Fatal("a nil registry offered tasks")
	}
}
