package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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
//     purge of what is still owed, warns, and names the record in the
//     planned private state (takeOverKey), beside unwaitedKey.
//  4. The apply's Delete of the tainted object gets that planned private
//     state and notes the object again, in the apply's process, when the
//     plan named its record. A tainted resource destroyed rather than
//     replaced (removed from the configuration, renamed) gets its own
//     private state, which names none: a new resource sharing its objects
//     must not take its record over and purge its other objects as
//     removed. Its plan withdraws it from the plan's notes too.
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

// takeOverKey names, in a replacement's planned private state, the record
// it takes over and the objects it plans (claimant). It is not owedKey,
// which the tainted object keeps in its own private state and which
// Terraform passes to its Delete when it is destroyed rather than replaced
// (as handOverKey is not unwaitedKey).
const takeOverKey = "take_over"

type takeOver struct {
	Record   string `json:"record"`
	Claimant string `json:"claimant,omitempty"`
}

func markTakeOver(ctx context.Context, p privateStore, s submission, planned cacheRefreshObjectsModel) diag.Diagnostics {
	v, _ := json.Marshal(takeOver{Record: s.handOverID(), Claimant: claimant(planned)}) // private state holds JSON
	return p.SetKey(ctx, takeOverKey, v)
}

// takesOver reports whether the plan named this submission's record for a
// replacement, and which objects that replacement plans.
func takesOver(ctx context.Context, p privateData, s submission) (string, bool) {
	v, _ := p.GetKey(ctx, takeOverKey)
	var t takeOver
	if json.Unmarshal(v, &t) != nil || t.Record != s.handOverID() {
		return "", false
	}
	return t.Claimant, true
}

// claimant tells the replacement's planned objects from another new
// resource's that shares some of them, planned in the same apply: only
// the replacement takes the record over, whichever of their creates runs
// first after the tainted object is deleted. "" when the objects are
// known only at apply: any resource matching then may.
func claimant(planned cacheRefreshObjectsModel) string {
	if !planned.settled() {
		return ""
	}
	lines := make([]string, 0, len(planned.Objects.Elements()))
	for k, v := range versionsOf(planned.Objects) {
		lines = append(lines, refresh.Target(k)+"\x00"+v)
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// failedObjects is a tainted resource's record, and whether the wait for
// its tasks was cut short.
type failedObjects struct {
	model    cacheRefreshObjectsModel
	unwaited bool
	claimant string // who may take it over (see claimant); "" anyone
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

// forget withdraws the record of a resource that is not tainted, or is
// destroyed. Its task ID alone could name another resource's too
// (handOverID).
func (o *owedObjects) forget(s submission) {
	if o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.left = slices.DeleteFunc(o.left, func(f failedObjects) bool { return f.model.handOverID() == s.handOverID() })
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
		if !f.model.Service.Equal(planned.Service) || !f.model.Force.Equal(planned.Force) ||
			f.claimant != "" && f.claimant != claimant(planned) {
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
