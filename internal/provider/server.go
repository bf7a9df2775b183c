package provider

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// NewServer returns a constructor of the provider's protocol server, at
// the given version: the framework's server, with three shortcuts for the
// calls a plan makes for every finished alicloud_cache_refresh.
//
// A plan of many refreshes that changes nothing still costs the framework,
// per resource, three of the calls below and ValidateResourceConfig, each
// of them decoding and encoding the state and walking every attribute of
// the schema several times over (for example, one copy of the plan per
// attribute, to run its plan modifiers): with 16 attributes, most of the
// provider's CPU in that plan, for answers that are the state as it came.
// Each shortcut answers, without the framework, only a call whose answer
// it can tell from the request alone, and leaves every other call to the
// framework:
//
//   - UpgradeResourceState of state at the schema's version: the state
//     decoded by the schema and encoded again, as the framework does (the
//     schema has no blocks, so the framework's conversions of empty blocks
//     change nothing);
//   - ReadResource of a refresh whose status is final (Complete or Failed),
//     whose state has its identity and no private data: Read returns the
//     state as it is (see cacheRefreshResource.Read);
//   - PlanResourceChange of a refresh that nothing changes: the proposed
//     new state is the prior state, every attribute with a default that
//     the configuration leaves unset already holds its default, there is
//     no private data, and no task of a wait cut short was noted in this
//     plan. The framework's answer then is the prior state: defaults leave
//     it alone, no plan modifier of this schema changes or replaces an
//     unchanged value, and ModifyPlan has nothing to withdraw.
//
// TestShortcutsAnswerAsTheFrameworkDoes checks each answer against the
// framework's, and TestShortcutKnowsEveryPlanModifier that the schema has
// no plan modifier the reasoning above has not considered.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return newServer(version, nil)
}

// newServer is NewServer, telling observe (when not nil) of each call of
// the three for alicloud_cache_refresh whether a shortcut answered it.
func newServer(version string, observe func(call string, shortcut bool)) func() tfprotov6.ProviderServer {
	sc := newShortcuts()
	return func() tfprotov6.ProviderServer {
		fw := providerserver.NewProtocol6(New(version)())()
		full, ok := fw.(frameworkServer)
		if !ok || sc == nil {
			return fw
		}
		return &server{frameworkServer: full, shortcuts: sc, observe: observe}
	}
}

// frameworkServer is every service the framework's server offers: tf6server
// finds the optional ones (list resources, actions, state stores) by type
// assertion, so the server must offer each of them too.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

type server struct {
	frameworkServer
	shortcuts *shortcuts
	observe   func(call string, shortcut bool)
	// configured is what ConfigureProvider gave the resources, for the
	// tasks of waits cut short noted in this plan (resourceData.unwaited).
	configured atomic.Pointer[resourceData]
}

// resourceDataSlot is the context key under which ConfigureProvider passes
// the provider's Configure a place for the resources' data.
type resourceDataSlot struct{}

// noteResourceData stores what the provider gives its resources where the
// server can read it, when the server asked for it.
func noteResourceData(ctx context.Context, d *resourceData) {
	if slot, ok := ctx.Value(resourceDataSlot{}).(*atomic.Pointer[resourceData]); ok {
		slot.Store(d)
	}
}

func (s *server) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return s.frameworkServer.ConfigureProvider(context.WithValue(ctx, resourceDataSlot{}, &s.configured), req)
}

func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	resp, ok := s.shortcuts.upgrade(req)
	if req != nil {
		s.observed("UpgradeResourceState", req.TypeName, ok)
	}
	if ok {
		return resp, nil
	}
	return s.frameworkServer.UpgradeResourceState(ctx, req)
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, ok := s.shortcuts.read(req)
	if req != nil {
		s.observed("ReadResource", req.TypeName, ok)
	}
	if ok {
		return resp, nil
	}
	return s.frameworkServer.ReadResource(ctx, req)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	var unwaited *unwaitedTasks
	if d := s.configured.Load(); d != nil {
		unwaited = d.unwaited
	}
	resp, ok := s.shortcuts.plan(req, unwaited)
	if req != nil {
		s.observed("PlanResourceChange", req.TypeName, ok)
	}
	if ok {
		return resp, nil
	}
	return s.frameworkServer.PlanResourceChange(ctx, req)
}

func (s *server) observed(call, typeName string, shortcut bool) {
	if s.observe != nil && s.shortcuts != nil && typeName == s.shortcuts.typeName {
		s.observe(call, shortcut)
	}
}

// shortcuts hold what they need of alicloud_cache_refresh's schema.
type shortcuts struct {
	typeName     string
	version      int64
	stateType    tftypes.Type
	identityType tftypes.Type
	nullIdentity tfprotov6.DynamicValue
	// defaults are the attributes with a default, and its value.
	defaults map[string]tftypes.Value
}

// newShortcuts reads alicloud_cache_refresh's schema; nil, and every call
// left to the framework, if it holds what the shortcuts do not handle (a
// block, a default of a nested attribute).
func newShortcuts() *shortcuts {
	sc, err := cacheRefreshShortcuts(context.Background())
	if err != nil {
		return nil
	}
	return sc
}

func cacheRefreshShortcuts(ctx context.Context) (*shortcuts, error) {
	r := &cacheRefreshResource{}
	var meta resource.MetadataResponse
	r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: providerTypeName}, &meta)
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	var ident resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ident)
	if sch.Diagnostics.HasError() || ident.Diagnostics.HasError() {
		return nil, fmt.Errorf("schema: %v %v", sch.Diagnostics, ident.Diagnostics)
	}
	if len(sch.Schema.Blocks) > 0 {
		// The framework turns empty blocks into null ones and back.
		return nil, fmt.Errorf("the schema has blocks")
	}
	sc := &shortcuts{
		typeName:     meta.TypeName,
		version:      sch.Schema.Version,
		stateType:    sch.Schema.Type().TerraformType(ctx),
		identityType: ident.IdentitySchema.Type().TerraformType(ctx),
		defaults:     map[string]tftypes.Value{},
	}
	var err error
	if sc.nullIdentity, err = tfprotov6.NewDynamicValue(sc.identityType, tftypes.NewValue(sc.identityType, nil)); err != nil {
		return nil, err
	}
	for name, a := range sch.Schema.Attributes {
		v, err := attributeDefault(ctx, a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if v != nil {
			if sc.defaults[name], err = v.ToTerraformValue(ctx); err != nil {
				return nil, err
			}
		}
	}
	return sc, nil
}

// attributeDefault is the attribute's default; nil when it has none. It
// knows the kinds of attribute the schema uses.
func attributeDefault(ctx context.Context, a schema.Attribute) (attr.Value, error) {
	switch a := a.(type) {
	case schema.StringAttribute:
		if a.Default == nil {
			return nil, nil
		}
		var resp defaults.StringResponse
		a.Default.DefaultString(ctx, defaults.StringRequest{}, &resp)
		return resp.PlanValue, nil
	case schema.BoolAttribute:
		if a.Default == nil {
			return nil, nil
		}
		var resp defaults.BoolResponse
		a.Default.DefaultBool(ctx, defaults.BoolRequest{}, &resp)
		return resp.PlanValue, nil
	case schema.ListAttribute:
		if a.Default != nil {
			return nil, fmt.Errorf("a list default")
		}
		return nil, nil
	case schema.DynamicAttribute:
		if a.Default != nil {
			return nil, fmt.Errorf("a dynamic default")
		}
		return nil, nil
	case schema.SingleNestedAttribute:
		if a.Default != nil {
			return nil, fmt.Errorf("a nested default")
		}
		for name, nested := range a.Attributes {
			if v, err := attributeDefault(ctx, nested); v != nil || err != nil {
				return nil, fmt.Errorf("%s: a default inside a nested attribute", name)
			}
		}
		return nil, nil
	}
	return nil, fmt.Errorf("an attribute of kind %T", a)
}

// upgrade answers UpgradeResourceState of state at the schema's version as
// the framework does: decoded by the schema, attributes it no longer has
// ignored, and encoded again.
func (sc *shortcuts) upgrade(req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, bool) {
	if sc == nil || req == nil || req.TypeName != sc.typeName || req.Version != sc.version || req.RawState == nil || req.RawState.JSON == nil {
		return nil, false
	}
	v, err := req.RawState.UnmarshalWithOpts(sc.stateType, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return nil, false // the framework says what is wrong
	}
	state, err := tfprotov6.NewDynamicValue(sc.stateType, v)
	if err != nil {
		return nil, false
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &state}, true
}

// read answers ReadResource as Read's first return does: the status is
// final, and the state has its identity. Private data (a wait cut short, an
// import) leaves the call to the framework.
func (sc *shortcuts) read(req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	if sc == nil || req == nil || req.TypeName != sc.typeName || len(req.Private) > 0 || req.CurrentIdentity == nil {
		return nil, false
	}
	state, ok := sc.attributes(req.CurrentState, sc.stateType)
	if !ok || !refresh.Final(stringOf(state["status"])) {
		return nil, false
	}
	identity, ok := sc.attributes(req.CurrentIdentity.IdentityData, sc.identityType)
	if !ok || stringOf(identity["task_id"]) == "" {
		return nil, false
	}
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, NewIdentity: req.CurrentIdentity}, true
}

// plan answers PlanResourceChange of a refresh that nothing changes with
// the prior state.
func (sc *shortcuts) plan(req *tfprotov6.PlanResourceChangeRequest, unwaited *unwaitedTasks) (*tfprotov6.PlanResourceChangeResponse, bool) {
	if sc == nil || req == nil || req.TypeName != sc.typeName || len(req.PriorPrivate) > 0 ||
		req.PriorIdentity != nil && req.PriorIdentity.IdentityData == nil || !sameMsgPack(req.PriorState, req.ProposedNewState) || !unwaited.empty() {
		return nil, false
	}
	prior, ok := sc.attributes(req.PriorState, sc.stateType)
	if !ok || prior == nil {
		return nil, false // a create
	}
	var config map[string]tftypes.Value
	for name, def := range sc.defaults {
		if prior[name].Equal(def) {
			continue
		}
		// Not the default: the configuration must set it.
		if config == nil {
			if config, ok = sc.attributes(req.Config, sc.stateType); !ok || config == nil {
				return nil, false
			}
		}
		if config[name].IsNull() {
			return nil, false
		}
	}
	identity := req.PriorIdentity
	if identity == nil {
		// The framework plans a null identity.
		nullIdentity := sc.nullIdentity
		identity = &tfprotov6.ResourceIdentityData{IdentityData: &nullIdentity}
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.PriorState, PlannedIdentity: identity}, true
}

// attributes decodes an object value: its attributes, nil for null; false
// when it is not known or cannot be decoded.
func (sc *shortcuts) attributes(dv *tfprotov6.DynamicValue, typ tftypes.Type) (map[string]tftypes.Value, bool) {
	if dv == nil || dv.MsgPack == nil {
		return nil, false
	}
	v, err := dv.Unmarshal(typ)
	if err != nil || !v.IsKnown() {
		return nil, false
	}
	if v.IsNull() {
		return nil, true
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return nil, false
	}
	return attrs, true
}

// sameMsgPack reports whether two values have the same encoding, and so
// the same value.
func sameMsgPack(a, b *tfprotov6.DynamicValue) bool {
	return a != nil && b != nil && a.MsgPack != nil && a.JSON == nil && b.JSON == nil && bytes.Equal(a.MsgPack, b.MsgPack)
}

// stringOf is a known string's value; "" for anything else.
func stringOf(v tftypes.Value) string {
	var s string
	if !v.IsKnown() || v.IsNull() || v.As(&s) != nil {
		return ""
	}
	return s
}
