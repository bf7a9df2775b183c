package provider

import (
	"context"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// An alicloud_cache_refresh_objects whose first apply (a create) fails after
// purging records what it purged, and Terraform taints it: the next apply
// replaces it, and the replacement would purge every object again. It takes
// the record over instead, by the route alicloud_cache_refresh's waits cut
// short take (see unwaitedKey):
//
//  1. The failed Create marks the resource in private state (owedKey),
//     beside unwaitedKey when its wait was cut short.
//  2. The next plan's Read of the tainted object notes it (owedObjects).
//  3. The replacement's plan (ModifyPlan, null prior) finds a noted resource
//     of the same service and force sharing objects with it, plans the
//     purge of what is still owed, warns, and copies the marks into the
//     planned private state.
//  4. The apply's Delete of the tainted object gets that planned private
//     state and notes the object again, in the apply's process.
//  5. The replacement's Create takes it over: it purges what is still owed,
//     as an update after terraform untaint would, and waits for the tasks
//     whose wait was cut short.
//
// -refresh=false skips step 2 and create_before_destroy creates before
// deleting: both purge every object again, and terraform untaint is the
// way there. A resource no longer tainted withdraws its record (its plan
// has a prior state).
const owedKey = "owed"

func markOwed(ctx context.Context, p privateStore) diag.Diagnostics {
	return p.SetKey(ctx, owedKey, []byte("1"))
}

func isOwed(ctx context.Context, p privateData) bool {
	v, _ := p.GetKey(ctx, owedKey)
	return len(v) > 0
}

// failedObjects is a tainted resource's record, and whether the wait for
// its tasks was cut short.
type failedObjects struct {
	model    cacheRefreshObjectsModel
	unwaited bool
}

// owedObjects are the tainted alicloud_cache_refresh_objects read or
// deleted in this plan or apply whose record a replacement takes over. The
// provider keeps one per configuration, that is per plan or apply.
type owedObjects struct {
	mu   sync.Mutex
	left []failedObjects
}

func (o *owedObjects) add(f failedObjects) {
	if o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.left = append(o.left, f)
}

// forget withdraws the record of a resource that is not tainted.
func (o *owedObjects) forget(taskID types.String) {
	if o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.left = slices.DeleteFunc(o.left, func(f failedObjects) bool { return f.model.TaskID.Equal(taskID) })
}

// find returns the noted record a replacement planned as planned takes
// over: the same service and force (a change of either purges everything
// again, as a replacement would), sharing the most objects with it, at
// least one (objects known only at apply match any, until the apply plans
// with them known).
func (o *owedObjects) find(planned cacheRefreshObjectsModel) (failedObjects, bool) {
	return o.lookup(planned, false)
}

// take is find, and the record found is no longer offered.
func (o *owedObjects) take(planned cacheRefreshObjectsModel) (failedObjects, bool) {
	return o.lookup(planned, true)
}

func (o *owedObjects) lookup(planned cacheRefreshObjectsModel, remove bool) (failedObjects, bool) {
	if o == nil {
		return failedObjects{}, false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	wanted := map[string]bool{}
	for k := range planned.Objects.Elements() {
		wanted[refresh.Target(k)] = true
	}
	best, most := -1, 0
	for i, f := range o.left {
		if !f.model.Service.Equal(planned.Service) || !f.model.Force.Equal(planned.Force) {
			continue
		}
		shared := 0
		if planned.Objects.IsUnknown() {
			shared = 1 // known at apply, which finds again
		}
		for k := range f.model.Objects.Elements() {
			if wanted[refresh.Target(k)] {
				shared++
			}
		}
		if shared > most {
			best, most = i, shared
		}
	}
	if best < 0 {
		return failedObjects{}, false
	}
	f := o.left[best]
	if remove {
		o.left = slices.Delete(o.left, best, best+1)
	}
	return f, true
}
