package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// refreshInputs are the inputs the alicloud_cache_refresh resource and
// action share: one mapping to the domain, one set of rules, two front
// doors.
type refreshInputs struct {
	Service, ObjectType, RoutineID types.String
	ObjectPaths, MergeDomainNames  types.List
	Force, SplitRequests           types.Bool
}

// request maps the model to a refresh request. In configuration, an unset
// service or object type means its default. Values not known yet are marked
// pending; ok is false when the service or object type is not settled, as
// no rule can apply then.
func (m refreshInputs) request() (refresh.Request, bool) {
	service, objectType := m.Service.ValueString(), m.ObjectType.ValueString()
	if m.Service.IsNull() {
		service = string(refresh.CDN)
	}
	if m.ObjectType.IsNull() {
		objectType = string(refresh.File)
	}
	svc, errSvc := refresh.ParseService(service)
	typ, errTyp := refresh.ParseObjectType(objectType)
	req := refresh.Request{
		Service:    svc,
		ObjectType: typ,
		Force:      m.Force.ValueBool(),
		RoutineID:  m.RoutineID.ValueString(),
		Split:      m.SplitRequests.ValueBool(),
		Pending: refresh.Pending{
			PathList:         m.ObjectPaths.IsUnknown(),
			RoutineID:        m.RoutineID.IsUnknown(),
			MergeDomainNames: m.MergeDomainNames.IsUnknown(),
		},
	}
	req.Paths, req.Pending.Paths = stringElements(m.ObjectPaths.Elements())
	var pendingMerge map[int]bool
	req.MergeDomainNames, pendingMerge = stringElements(m.MergeDomainNames.Elements())
	req.Pending.MergeDomainNames = req.Pending.MergeDomainNames || len(pendingMerge) > 0
	settled := errSvc == nil && errTyp == nil && !m.Service.IsUnknown() && !m.ObjectType.IsUnknown()
	return req, settled
}

// configInputs reads the attributes the rules concern, and only those,
// from a configuration. Reading the whole model instead costs the framework
// a reflection over every attribute, more than the rules themselves; a plan
// validates every refresh of the workspace.
func configInputs(ctx context.Context, config tfsdk.Config) (refreshInputs, diag.Diagnostics) {
	var in refreshInputs
	var diags diag.Diagnostics
	for _, a := range []struct {
		name   string
		target any
	}{
		{"service", &in.Service}, {"object_type", &in.ObjectType}, {"routine_id", &in.RoutineID},
		{"object_paths", &in.ObjectPaths}, {"merge_domain_names", &in.MergeDomainNames},
		{"force", &in.Force}, {"split_requests", &in.SplitRequests},
	} {
		diags.Append(config.GetAttribute(ctx, path.Root(a.name), a.target)...)
	}
	return in, diags
}

// validateRefresh reports every rule the known inputs break, and the
// warnings, on the attributes they concern.
func validateRefresh(diags *diag.Diagnostics, in refreshInputs) {
	refreshReq, ok := in.request()
	if !ok {
		// The service or object type is unknown or misspelt; the
		// attribute validators say which.
		return
	}
	if len(refreshReq.Paths) == 0 {
		// listvalidator.SizeAtLeast reports it; the other rules still apply.
		refreshReq.Pending.PathList = true
	}
	addProblems(diags, refreshReq.Validate())
	for _, w := range refreshReq.Warnings() {
		diags.AddAttributeWarning(path.Root(w.Attribute), w.Summary, w.Error()+quotaHint)
	}
}

// reportRefreshError reports what stopped a refresh, and what it had
// submitted by then; inState says whether the caller keeps that in state
// (the resource does, the action does not).
func reportRefreshError(diags *diag.Diagnostics, err error, result alibaba.Result, inState bool) {
	var problems refresh.Problems
	var apiErr *alibaba.APIError
	var quotaShort *refresh.QuotaShortError
	var unconfirmed *alibaba.UnconfirmedError
	switch {
	case errors.As(err, &problems):
		addProblems(diags, problems)
	case errors.As(err, &quotaShort):
		diags.AddAttributeError(path.Root("object_paths"), "Today's quota cannot cover this refresh", quotaShort.Error())
	case errors.As(err, &apiErr):
		diags.AddError("Alibaba Cloud refused the refresh", explain(apiErr)+submittedNote(result, inState))
	case errors.As(err, &unconfirmed):
		timeoutAttr := "the action's timeout"
		if inState {
			timeoutAttr = "timeouts.create"
		}
		diags.AddError("The refresh may have been carried out", unconfirmedDetail(unconfirmed, "refresh", timeoutAttr, inState)+submittedNote(result, inState))
	case err != nil:
		diags.AddError("Refresh failed", explain(err)+submittedNote(result, inState))
	}
}

// submittedNote tells what a split refresh had submitted when it stopped.
func submittedNote(r alibaba.Result, inState bool) string {
	if len(r.TaskIDs) == 0 {
		return ""
	}
	if !inState {
		return fmt.Sprintf("\n\nRequests sent before this one were accepted (tasks %s); invoking the action again refreshes every path again.", r.TaskID)
	}
	return fmt.Sprintf("\n\nRequests sent before this one were accepted (tasks %s); the state keeps them, and the next apply refreshes every path again.", r.TaskID)
}
