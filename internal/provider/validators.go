package provider

// Validation helpers the resources, data sources and actions share.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// addProblems reports each problem on the attribute, and list element, it
// concerns, so Terraform points at the line to change.
func addProblems(diags *diag.Diagnostics, ps refresh.Problems) {
	for _, p := range ps {
		at := path.Root(p.Attribute)
		if p.Index >= 0 {
			at = at.AtListIndex(p.Index)
		}
		diags.AddAttributeError(at, p.Summary, p.Error())
	}
}

// enumValidator refuses a value the parse function refuses, with its
// suggestion of the intended spelling.
func enumValidator[T ~string](parse func(string) (T, error), valid []T) validator.String {
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = fmt.Sprintf("`%s`", v)
	}
	return enum{
		check: func(s string) error { _, err := parse(s); return err },
		desc:  "value must be one of " + strings.Join(names, ", "),
	}
}

type enum struct {
	check func(string) error
	desc  string
}

func (e enum) Description(context.Context) string { return e.desc }

func (e enum) MarkdownDescription(context.Context) string { return e.desc }

func (e enum) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := e.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value", req.Path.String()+": "+err.Error())
	}
}
