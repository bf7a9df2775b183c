package provider

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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
//  3. The replacement's plan (ModifyPlan, null prior) finds the noted
//     resources that purged the same thing, warns, and names them in the
//     planned private state (handOverKey).
//  4. The apply deletes the tainted object first, with that planned
//     private state: Delete notes the tainted object's tasks when it is
//     one of those named. The plan cannot tell which resource it plans,
//     only what it purges: another tainted resource with the same purge
//     (one tainted by hand, to purge again) finds the same noted tasks,
//     and its Delete must not hand its own over.
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

// handOverKey names, in a replacement's planned private state, the
// submissions it may take over: the noted resources that purged the same
// thing. The Delete of the tainted object hands its own over only when it
// is one of them. It is not unwaitedKey, which a tainted object keeps in
// its own private state and which Terraform passes to its Delete when the
// object is destroyed rather than replaced (removed from the
// configuration, renamed).
const handOverKey = "hand_over"

func markHandOver(ctx context.Context, p privateStore, found []cacheRefreshModel) diag.Diagnostics {
	ids := make([]string, len(found))
	for i, m := range found {
		ids[i] = m.handOverID()
	}
	v, _ := json.Marshal(ids) // private state holds JSON
	return p.SetKey(ctx, handOverKey, v)
}

// handsOver reports whether the plan named this submission for a
// replacement.
func handsOver(ctx context.Context, p privateData, s submission) bool {
	v, _ := p.GetKey(ctx, handOverKey)
	var ids []string
	return json.Unmarshal(v, &ids) == nil && slices.Contains(ids, s.handOverID())
}

// handOverID tells one submission from another: Alibaba gives the same
// task ID to refreshes of a domain sent within the same second, but each
// request its own request ID.
func (s submission) handOverID() string {
	return s.TaskID.ValueString() + " " + s.RequestID.ValueString()
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

// empty reports whether no task is noted.
func (u *unwaitedTasks) empty() bool {
	if u == nil {
		return true
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.left) == 0
}

// forget withdraws the tasks of a resource that is not tainted. Its task
// ID alone could name another resource's too (handOverID).
func (u *unwaitedTasks) forget(s submission) {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.left = slices.DeleteFunc(u.left, func(m cacheRefreshModel) bool { return m.handOverID() == s.handOverID() })
}

// find returns the noted resources that purged what planned purges: the
// same service, object type and paths, force, routine, merged domains and
// triggers. A change of any of these purges again, as a replacement would.
func (u *unwaitedTasks) find(planned cacheRefreshModel) []cacheRefreshModel {
	if u == nil {
		return nil
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	return slices.DeleteFunc(slices.Clone(u.left), func(m cacheRefreshModel) bool { return replaced(m, planned, false) })
}

// take returns a noted resource that purged what planned purges, and no
// longer offers it.
func (u *unwaitedTasks) take(planned cacheRefreshModel) (cacheRefreshModel, bool) {
	if u == nil {
		return cacheRefreshModel{}, false
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	for i, m := range u.left {
		if !replaced(m, planned, false) {
			u.left = slices.Delete(u.left, i, i+1)
			return m, true
		}
	}
	return cacheRefreshModel{}, false
}
