package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// formatVersion is the format_version Terraform writes for
// `terraform providers schema -json`.
const formatVersion = "1.0"

// Export asks a provider server for its schemas, as Terraform does over the
// plugin protocol, and converts them to the JSON representation of
// `terraform providers schema -json`, under the key name.
func Export(ctx context.Context, server tfprotov6.ProviderServer, name string) (*ProviderSchemas, error) {
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetProviderSchema: %w", err)
	}
	if err := diagnosticsError("GetProviderSchema", resp.Diagnostics); err != nil {
		return nil, err
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetResourceIdentitySchemas: %w", err)
	}
	if err := diagnosticsError("GetResourceIdentitySchemas", identities.Diagnostics); err != nil {
		return nil, err
	}
	return Convert(resp, identities, name)
}

// Convert maps the answers of GetProviderSchema and GetResourceIdentitySchemas
// to the JSON representation of `terraform providers schema -json`.
func Convert(resp *tfprotov6.GetProviderSchemaResponse, identities *tfprotov6.GetResourceIdentitySchemasResponse, name string) (*ProviderSchemas, error) {
	if resp == nil {
		return nil, errors.New("no provider schema")
	}
	if identities == nil {
		identities = &tfprotov6.GetResourceIdentitySchemasResponse{}
	}
	var c converter
	ps := &ProviderSchema{
		ConfigSchema:             c.schema(resp.Provider),
		ResourceSchemas:          c.schemas(resp.ResourceSchemas),
		DataSourceSchemas:        c.schemas(resp.DataSourceSchemas),
		EphemeralResourceSchemas: c.schemas(resp.EphemeralResourceSchemas),
		ListResourceSchemas:      c.schemas(resp.ListResourceSchemas),
	}
	if len(resp.ActionSchemas) > 0 {
		ps.ActionSchemas = make(map[string]*ActionSchema, len(resp.ActionSchemas))
		for n, a := range resp.ActionSchemas {
			var block *SchemaBlock
			if a != nil && a.Schema != nil {
				block = c.block(a.Schema.Block)
			}
			ps.ActionSchemas[n] = &ActionSchema{Block: block}
		}
	}
	if len(resp.Functions) > 0 {
		ps.Functions = make(map[string]*FunctionSignature, len(resp.Functions))
		for n, f := range resp.Functions {
			ps.Functions[n] = c.function(f)
		}
	}
	if len(identities.IdentitySchemas) > 0 {
		ps.ResourceIdentitySchemas = make(map[string]*IdentitySchema, len(identities.IdentitySchemas))
		for n, s := range identities.IdentitySchemas {
			ps.ResourceIdentitySchemas[n] = c.identity(s)
		}
	}
	if err := errors.Join(c.errs...); err != nil {
		return nil, err
	}
	return &ProviderSchemas{
		FormatVersion: formatVersion,
		Schemas:       map[string]*ProviderSchema{name: ps},
	}, nil
}

func diagnosticsError(rpc string, diags []*tfprotov6.Diagnostic) error {
	var errs []string
	for _, d := range diags {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, strings.TrimSpace(d.Summary+": "+d.Detail))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", rpc, strings.Join(errs, "; "))
}

// converter maps protocol schemas to their JSON representation, collecting
// the errors (types it cannot convert, unknown nesting modes) on the way.
type converter struct {
	errs []error
}

func (c *converter) fail(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf(format, args...))
}

func (c *converter) schemas(in map[string]*tfprotov6.Schema) map[string]*Schema {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]*Schema, len(in))
	for n, s := range in {
		out[n] = c.schema(s)
	}
	return out
}

func (c *converter) schema(s *tfprotov6.Schema) *Schema {
	if s == nil {
		return nil
	}
	if s.Version < 0 {
		c.fail("negative schema version %d", s.Version)
	}
	return &Schema{Version: uint64(max(s.Version, 0)), Block: c.block(s.Block)}
}

func (c *converter) block(b *tfprotov6.SchemaBlock) *SchemaBlock {
	if b == nil {
		return &SchemaBlock{DescriptionKind: SchemaDescriptionKindPlain}
	}
	out := &SchemaBlock{
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.Attributes) > 0 {
		out.Attributes = c.attributes(b.Attributes)
	}
	if len(b.BlockTypes) > 0 {
		out.NestedBlocks = make(map[string]*SchemaBlockType, len(b.BlockTypes))
		for _, nb := range b.BlockTypes {
			if nb == nil {
				continue
			}
			out.NestedBlocks[nb.TypeName] = &SchemaBlockType{
				NestingMode: c.blockNesting(nb.TypeName, nb.Nesting),
				Block:       c.block(nb.Block),
				MinItems:    c.count(nb.TypeName, nb.MinItems),
				MaxItems:    c.count(nb.TypeName, nb.MaxItems),
			}
		}
	}
	return out
}

func (c *converter) attributes(in []*tfprotov6.SchemaAttribute) map[string]*SchemaAttribute {
	out := make(map[string]*SchemaAttribute, len(in))
	for _, a := range in {
		if a == nil {
			continue
		}
		attr := &SchemaAttribute{
			Description:     a.Description,
			DescriptionKind: descriptionKind(a.DescriptionKind),
			Deprecated:      a.Deprecated,
			Required:        a.Required,
			Optional:        a.Optional,
			Computed:        a.Computed,
			Sensitive:       a.Sensitive,
			WriteOnly:       a.WriteOnly,
		}
		switch {
		case a.NestedType != nil:
			attr.AttributeNestedType = &SchemaNestedAttributeType{
				Attributes:  c.attributes(a.NestedType.Attributes),
				NestingMode: c.objectNesting(a.Name, a.NestedType.Nesting),
			}
		case a.Type != nil:
			attr.AttributeType = c.typ(a.Name, a.Type)
		default:
			c.fail("attribute %q has neither a type nor a nested type", a.Name)
		}
		out[a.Name] = attr
	}
	return out
}

func (c *converter) function(f *tfprotov6.Function) *FunctionSignature {
	if f == nil {
		return nil
	}
	param := func(p *tfprotov6.FunctionParameter) *FunctionParameter {
		if p == nil {
			return nil
		}
		return &FunctionParameter{
			Name:        p.Name,
			Description: p.Description,
			IsNullable:  p.AllowNullValue,
			Type:        c.typ(p.Name, p.Type),
		}
	}
	out := &FunctionSignature{
		Description:        f.Description,
		Summary:            f.Summary,
		DeprecationMessage: f.DeprecationMessage,
		VariadicParameter:  param(f.VariadicParameter),
	}
	if f.Return != nil {
		out.ReturnType = c.typ("return", f.Return.Type)
	}
	for _, p := range f.Parameters {
		out.Parameters = append(out.Parameters, param(p))
	}
	return out
}

func (c *converter) identity(s *tfprotov6.ResourceIdentitySchema) *IdentitySchema {
	if s == nil {
		return nil
	}
	out := &IdentitySchema{Version: uint64(max(s.Version, 0))}
	if len(s.IdentityAttributes) > 0 {
		out.Attributes = make(map[string]*IdentityAttribute, len(s.IdentityAttributes))
		for _, a := range s.IdentityAttributes {
			if a == nil {
				continue
			}
			out.Attributes[a.Name] = &IdentityAttribute{
				IdentityType:      c.typ(a.Name, a.Type),
				Description:       a.Description,
				RequiredForImport: a.RequiredForImport,
				OptionalForImport: a.OptionalForImport,
			}
		}
	}
	return out
}

// typ is the type in the JSON type constraint syntax that Terraform writes
// in its export: "string", ["list","string"], ["object",{...},["optional"]].
func (c *converter) typ(name string, t tftypes.Type) json.RawMessage {
	if t == nil {
		c.fail("%s: no type", name)
		return nil
	}
	v, err := typeConstraint(t)
	if err != nil {
		c.fail("%s: %w", name, err)
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		c.fail("%s: encoding type %s: %w", name, t, err)
		return nil
	}
	return data
}

func typeConstraint(t tftypes.Type) (any, error) {
	switch t := t.(type) {
	case tftypes.List:
		return collection("list", t.ElementType)
	case tftypes.Set:
		return collection("set", t.ElementType)
	case tftypes.Map:
		return collection("map", t.ElementType)
	case tftypes.Tuple:
		elems := make([]any, 0, len(t.ElementTypes))
		for _, et := range t.ElementTypes {
			e, err := typeConstraint(et)
			if err != nil {
				return nil, err
			}
			elems = append(elems, e)
		}
		return []any{"tuple", elems}, nil
	case tftypes.Object:
		attrs := make(map[string]any, len(t.AttributeTypes))
		for n, at := range t.AttributeTypes {
			a, err := typeConstraint(at)
			if err != nil {
				return nil, err
			}
			attrs[n] = a
		}
		if len(t.OptionalAttributes) == 0 {
			return []any{"object", attrs}, nil
		}
		optional := make([]string, 0, len(t.OptionalAttributes))
		for n := range t.OptionalAttributes {
			optional = append(optional, n)
		}
		slices.Sort(optional)
		return []any{"object", attrs, optional}, nil
	}
	for _, p := range []struct {
		t    tftypes.Type
		name string
	}{
		{tftypes.String, "string"},
		{tftypes.Number, "number"},
		{tftypes.Bool, "bool"},
		{tftypes.DynamicPseudoType, "dynamic"},
	} {
		if t.Equal(p.t) {
			return p.name, nil
		}
	}
	return nil, fmt.Errorf("unsupported type %s", t)
}

func collection(kind string, elem tftypes.Type) (any, error) {
	if elem == nil {
		return nil, fmt.Errorf("%s without an element type", kind)
	}
	e, err := typeConstraint(elem)
	if err != nil {
		return nil, err
	}
	return []any{kind, e}, nil
}

func (c *converter) count(name string, n int64) uint64 {
	if n < 0 {
		c.fail("block %q: negative item count %d", name, n)
		return 0
	}
	return uint64(n)
}

var blockNestings = map[tfprotov6.SchemaNestedBlockNestingMode]SchemaNestingMode{
	tfprotov6.SchemaNestedBlockNestingModeSingle: SchemaNestingModeSingle,
	tfprotov6.SchemaNestedBlockNestingModeList:   SchemaNestingModeList,
	tfprotov6.SchemaNestedBlockNestingModeSet:    SchemaNestingModeSet,
	tfprotov6.SchemaNestedBlockNestingModeMap:    SchemaNestingModeMap,
	tfprotov6.SchemaNestedBlockNestingModeGroup:  SchemaNestingModeGroup,
}

func (c *converter) blockNesting(name string, m tfprotov6.SchemaNestedBlockNestingMode) SchemaNestingMode {
	if out, ok := blockNestings[m]; ok {
		return out
	}
	c.fail("block %q: unknown nesting mode %v", name, m)
	return ""
}

var objectNestings = map[tfprotov6.SchemaObjectNestingMode]SchemaNestingMode{
	tfprotov6.SchemaObjectNestingModeSingle: SchemaNestingModeSingle,
	tfprotov6.SchemaObjectNestingModeList:   SchemaNestingModeList,
	tfprotov6.SchemaObjectNestingModeSet:    SchemaNestingModeSet,
	tfprotov6.SchemaObjectNestingModeMap:    SchemaNestingModeMap,
}

func (c *converter) objectNesting(name string, m tfprotov6.SchemaObjectNestingMode) SchemaNestingMode {
	if out, ok := objectNestings[m]; ok {
		return out
	}
	c.fail("attribute %q: unknown nesting mode %v", name, m)
	return ""
}

// descriptionKind is "plain" unless the provider said markdown, as in
// Terraform's export.
func descriptionKind(k tfprotov6.StringKind) SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return SchemaDescriptionKindMarkdown
	}
	return SchemaDescriptionKindPlain
}
