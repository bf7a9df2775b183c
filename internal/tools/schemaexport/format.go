package main

import "encoding/json"

// The JSON representation of `terraform providers schema -json`, as
// Terraform writes it and github.com/hashicorp/terraform-json reads it (the
// same field names and order). Types are kept in the JSON type constraint
// syntax that tftypes writes.

// ProviderSchemas is the whole file.
type ProviderSchemas struct {
	FormatVersion string                     `json:"format_version"`
	Schemas       map[string]*ProviderSchema `json:"provider_schemas,omitempty"`
}

// ProviderSchema is the schema of one provider.
type ProviderSchema struct {
	ConfigSchema             *Schema                       `json:"provider,omitempty"`
	ResourceSchemas          map[string]*Schema            `json:"resource_schemas,omitempty"`
	DataSourceSchemas        map[string]*Schema            `json:"data_source_schemas,omitempty"`
	EphemeralResourceSchemas map[string]*Schema            `json:"ephemeral_resource_schemas,omitempty"`
	ActionSchemas            map[string]*ActionSchema      `json:"action_schemas,omitempty"`
	Functions                map[string]*FunctionSignature `json:"functions,omitempty"`
	ResourceIdentitySchemas  map[string]*IdentitySchema    `json:"resource_identity_schemas,omitempty"`
	ListResourceSchemas      map[string]*Schema            `json:"list_resource_schemas,omitempty"`
}

// Schema is the schema of a provider configuration, resource or data source.
type Schema struct {
	Version uint64       `json:"version"`
	Block   *SchemaBlock `json:"block,omitempty"`
}

// SchemaDescriptionKind is "plain" or "markdown".
type SchemaDescriptionKind string

// The description kinds.
const (
	SchemaDescriptionKindPlain    SchemaDescriptionKind = "plain"
	SchemaDescriptionKindMarkdown SchemaDescriptionKind = "markdown"
)

// SchemaBlock is a block: the root of a schema or a nested block.
type SchemaBlock struct {
	Attributes      map[string]*SchemaAttribute `json:"attributes,omitempty"`
	NestedBlocks    map[string]*SchemaBlockType `json:"block_types,omitempty"`
	Description     string                      `json:"description,omitempty"`
	DescriptionKind SchemaDescriptionKind       `json:"description_kind,omitempty"`
	Deprecated      bool                        `json:"deprecated,omitempty"`
}

// SchemaNestingMode is how a nested block or attribute nests.
type SchemaNestingMode string

// The nesting modes.
const (
	SchemaNestingModeSingle SchemaNestingMode = "single"
	SchemaNestingModeGroup  SchemaNestingMode = "group"
	SchemaNestingModeList   SchemaNestingMode = "list"
	SchemaNestingModeSet    SchemaNestingMode = "set"
	SchemaNestingModeMap    SchemaNestingMode = "map"
)

// SchemaBlockType is a nested block.
type SchemaBlockType struct {
	NestingMode SchemaNestingMode `json:"nesting_mode,omitempty"`
	Block       *SchemaBlock      `json:"block,omitempty"`
	MinItems    uint64            `json:"min_items,omitempty"`
	MaxItems    uint64            `json:"max_items,omitempty"`
}

// SchemaAttribute is an attribute, with a type or nested attributes.
type SchemaAttribute struct {
	AttributeType       json.RawMessage            `json:"type,omitempty"`
	AttributeNestedType *SchemaNestedAttributeType `json:"nested_type,omitempty"`
	Description         string                     `json:"description,omitempty"`
	DescriptionKind     SchemaDescriptionKind      `json:"description_kind,omitempty"`
	Deprecated          bool                       `json:"deprecated,omitempty"`
	Required            bool                       `json:"required,omitempty"`
	Optional            bool                       `json:"optional,omitempty"`
	Computed            bool                       `json:"computed,omitempty"`
	Sensitive           bool                       `json:"sensitive,omitempty"`
	WriteOnly           bool                       `json:"write_only,omitempty"`
}

// SchemaNestedAttributeType is the object type of a nested attribute.
type SchemaNestedAttributeType struct {
	Attributes  map[string]*SchemaAttribute `json:"attributes,omitempty"`
	NestingMode SchemaNestingMode           `json:"nesting_mode,omitempty"`
}

// ActionSchema is the schema of an action (Terraform 1.14).
type ActionSchema struct {
	Block *SchemaBlock `json:"block,omitempty"`
}

// FunctionSignature is a provider-defined function.
type FunctionSignature struct {
	Description        string               `json:"description,omitempty"`
	Summary            string               `json:"summary,omitempty"`
	DeprecationMessage string               `json:"deprecation_message,omitempty"`
	ReturnType         json.RawMessage      `json:"return_type"`
	Parameters         []*FunctionParameter `json:"parameters,omitempty"`
	VariadicParameter  *FunctionParameter   `json:"variadic_parameter,omitempty"`
}

// FunctionParameter is a parameter of a function.
type FunctionParameter struct {
	Name        string          `json:"name,omitempty"`
	Description string          `json:"description,omitempty"`
	IsNullable  bool            `json:"is_nullable,omitempty"`
	Type        json.RawMessage `json:"type"`
}

// IdentitySchema is the identity schema of a resource.
type IdentitySchema struct {
	Version    uint64                        `json:"version"`
	Attributes map[string]*IdentityAttribute `json:"attributes,omitempty"`
}

// IdentityAttribute is an attribute of a resource identity.
type IdentityAttribute struct {
	IdentityType      json.RawMessage `json:"type,omitempty"`
	Description       string          `json:"description,omitempty"`
	RequiredForImport bool            `json:"required_for_import,omitempty"`
	OptionalForImport bool            `json:"optional_for_import,omitempty"`
}
