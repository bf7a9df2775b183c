package alibaba

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

// Every call is an RPC-style common request of the operation a service's
// description names, made through the SDK client of its API product: the
// client knows the product's endpoint in each region (cdn's international
// regions share one host, for instance), signs, and turns an error answer
// into a *sdkerrors.ServerError, as the SDK's typed calls do.

// apiClients builds the SDK client of each API product the descriptions
// name. A product missing here fails NewClient, before any call.
var apiClients = map[string]func(region string, cfg *sdk.Config, cred auth.Credential) (*sdk.Client, error){
	"Cdn": func(region string, cfg *sdk.Config, cred auth.Credential) (*sdk.Client, error) {
		c, err := cdn.NewClientWithOptions(region, cfg, cred)
		if err != nil {
			return nil, err
		}
		return &c.Client, nil
	},
	"dcdn": func(region string, cfg *sdk.Config, cred auth.Credential) (*sdk.Client, error) {
		c, err := dcdn.NewClientWithOptions(region, cfg, cred)
		if err != nil {
			return nil, err
		}
		return &c.Client, nil
	},
	"vod": func(region string, cfg *sdk.Config, cred auth.Credential) (*sdk.Client, error) {
		c, err := vod.NewClientWithOptions(region, cfg, cred)
		if err != nil {
			return nil, err
		}
		return &c.Client, nil
	},
}

func newAPIClient(product, region string, cfg *sdk.Config, cred auth.Credential) (*sdk.Client, error) {
	newClient, ok := apiClients[product]
	if !ok {
		return nil, fmt.Errorf("no SDK client for the API product %q", product)
	}
	c, err := newClient(region, cfg, cred)
	if err != nil {
		return nil, fmt.Errorf("creating the %s client: %w", product, err)
	}
	return c, nil
}

// host is where calls of d's API go: the endpoint the configuration sets
// for the product, else the description's host, else "" for the SDK to
// pick the region's.
func (e Endpoints) host(d refresh.Description) string {
	set := map[string]string{"Cdn": e.CDN, "dcdn": e.DCDN, "vod": e.VOD}[d.Product]
	if set != "" {
		return set
	}
	return d.Host
}

// rpc makes one call of action on d's API, the empty parameters left out
// as the SDK's typed requests leave them, and returns the answer.
func (c *Client) rpc(s *sdkClients, d refresh.Description, action string, params map[string]string) (reply, error) {
	req := requests.NewCommonRequest()
	req.Method = requests.POST
	req.Scheme = c.scheme
	req.Product, req.Version, req.ApiName = d.Product, d.Version, action
	req.Domain = c.endpoints.host(d)
	for k, v := range params {
		if v != "" {
			req.QueryParams[k] = v
		}
	}
	resp, err := s.apis[d.Product].ProcessCommonRequest(req)
	if err != nil {
		return nil, err
	}
	return decodeReply(resp.GetHttpContentBytes())
}

// reply is the JSON answer of a successful call.
type reply map[string]json.RawMessage

// decodeReply reads a body; one that is not a JSON object is an answer
// that came and could not be read, as the SDK's typed calls report it. An
// empty body is an empty answer, as they read it: a refresh behind it
// answered without a task ID, which fails once and is not sent again.
func decodeReply(body []byte) (reply, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return reply{}, nil
	}
	var a reply
	if err := json.Unmarshal(body, &a); err != nil || a == nil {
		return nil, sdkerrors.NewClientError(sdkerrors.JsonUnmarshalErrorCode,
			fmt.Sprintf("the answer is not a JSON object: %.200q", body), err)
	}
	return a, nil
}

// field is the value at a dotted path, or nil.
func (a reply) field(path string) json.RawMessage {
	cur := a
	names := strings.Split(path, ".")
	for i, name := range names {
		raw, ok := cur[name]
		if !ok {
			return nil
		}
		if i == len(names)-1 {
			return raw
		}
		cur = nil
		if json.Unmarshal(raw, &cur) != nil {
			return nil
		}
	}
	return nil
}

// text is the string or number at path, "" when absent.
func (a reply) text(path string) string {
	var t text
	if raw := a.field(path); raw != nil {
		_ = json.Unmarshal(raw, &t)
	}
	return string(t)
}

// text decodes a JSON string or number as a string, as the SDK's lenient
// decoder does: Alibaba's answers give some numbers either way.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	default:
		*t = text(b)
	}
	return nil
}

// tasks decodes the task array at path; an answer without one has none.
func (a reply) tasks(path string) ([]refresh.Task, error) {
	raw := a.field(path)
	if raw == nil {
		return nil, nil
	}
	var entries []struct {
		TaskID       text `json:"TaskId"`
		ObjectPath   text
		ObjectType   text
		Status       text
		Process      text
		Description  text
		CreationTime text
	}
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, sdkerrors.NewClientError(sdkerrors.JsonUnmarshalErrorCode, "the answer's "+path+" is not a list of tasks", err)
	}
	tasks := make([]refresh.Task, len(entries))
	for i, e := range entries {
		tasks[i] = refresh.Task{ID: string(e.TaskID), ObjectPath: string(e.ObjectPath), ObjectType: string(e.ObjectType),
			Status: string(e.Status), Process: string(e.Process), Description: string(e.Description), CreationTime: string(e.CreationTime)}
	}
	return tasks, nil
}

// count is the whole number at path, 0 when absent.
func (a reply) count(path string) (int, error) {
	s := a.text(path)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, sdkerrors.NewClientError(sdkerrors.JsonUnmarshalErrorCode, fmt.Sprintf("the answer's %s is %q, not a whole number", path, s), err)
	}
	return n, nil
}
