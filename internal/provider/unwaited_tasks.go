package provider

import (
	"context"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A wait cut short (timeouts.create ran out, or the apply was interrupted)
// after Alibaba accepted the purge must fail the apply, so that the
// pipeline knows it did not wait; and Terraform taints a resource whose
// create failed, so the next apply replaces it. Terraform tells the
// replacement little: its plan starts from null (no prior state, no private
// state), Create sees no private state, and the apply plans it again after
// the tainted object is deleted. What does reach the provider, in order:
//
//  1. Create marks the resource in private state (unwaitedKey).
//  2. The next plan reads the tainted object, private state included: Read
//     notes it (unwaitedTasks, one per plan or apply).
//  3. The replacement's plan (ModifyPlan, null prior) finds a noted
//     resource that purged the same thing, warns, and sets the mark in the
//     planned private state.
//  4. The apply deletes the tainted object first, with that planned
//     private state: Delete notes the tainted object's tasks.
//  5. The replacement's Create takes them over: it waits for them, when
//     asked to, instead of purging the same paths again.
//
// A plan without refresh (-refresh=false) skips step 2, and
// create_before_destroy creates before deleting: both purge again. So does
// -replace of a resource that is not tainted (after terraform untaint):
// its plan has a prior state, which withdraws its tasks and the mark.
const unwaitedKey = "unwaited"

// markUnwaited marks a resource whose tasks were submitted but not waited
// for to the end.
func markUnwaited(ctx context.Context, p privateStore) diag.Diagnostics {
	return p.SetKey(ctx, unwaitedKey, []byte("1"))
}

func isUnwaited(ctx context.Context, p privateData) bool {
	v, _ := p.GetKey(ctx, unwaitedKey)
	return len(v) > 0
}

// unwaitedTasks are the resources read or deleted in this plan or apply
// whose wait was cut short, for a replacement to take over. The provider
// keeps one per configuration, that is per plan or apply.
type unwaitedTasks struct {
	mu   sync.Mutex
	left []cacheRefreshModel
}

func (u *unwaitedTasks) add(m cacheRefreshModel) {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.left = append(u.left, m)
}

// forget withdraws the tasks of a resource that is not tainted.
func (u *unwaitedTasks) forget(taskID types.String) {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.left = slices.DeleteFunc(u.left, func(m cacheRefreshModel) bool { return m.TaskID.Equal(taskID) })
}

// find returns a noted resource that purged what planned purges: the same
// service, object type and paths, force, routine, merged domains and
// triggers. A change of any of these purges again, as a replacement would.
func (u *unwaitedTasks) find(planned cacheRefreshModel) (cacheRefreshModel, bool) {
	return u.lookup(planned, false)
}

// take is find, and the tasks found are no longer offered.
func (u *unwaitedTasks) take(planned cacheRefreshModel) (cacheRefreshModel, bool) {
	return u.lookup(planned, true)
}

func (u *unwaitedTasks) lookup(planned cacheRefreshModel, remove bool) (cacheRefreshModel, bool) {
	if u == nil {
		return cacheRefreshModel{}, false
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	for i, m := range u.left {
		if !replaced(m, planned, false) {
			if remove {
				u.left = slices.Delete(u.left, i, i+1)
			}
			return m, true
		}
	}
	return cacheRefreshModel{}, false
}
