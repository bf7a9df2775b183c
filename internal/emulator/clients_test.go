package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
)

// apiCall is one call as a module author's pipeline makes it: an operation,
// its parameters in the query or in a form body (as each product's metadata
// puts them), and the key pair that signs it.
type apiCall struct {
	product *product
	action  string
	query   map[string]string
	form    map[string]string
	key     keyPair
}

type keyPair struct{ id, secret, token string }

var (
	goodKey    = keyPair{testID, testSecret, ""}
	wrongKey   = keyPair{testID, "not-the-secret", ""}
	unknownKey = keyPair{"LTAI-nobody", testSecret, ""}
	stsKey     = keyPair{stsID, stsSecret, stsToken}
	stolenKey  = keyPair{stsID, stsSecret, "another-token"}
	bareSTSKey = keyPair{stsID, stsSecret, ""}
)

// answer is what a client made of the emulator's answer.
type answer struct {
	status int
	code   string         // "" on success
	body   map[string]any // the JSON answer on success
}

// apiClient sends an apiCall to the emulator at addr over HTTP.
type apiClient struct {
	name      string
	signature string // what the emulator logs the request as signed with
	send      func(t *testing.T, addr string, c apiCall) answer
}

// clients are the v1 SDK's generic client (what this provider and the
// aliyun CLI are built on), Alibaba's current client, which signs V3 by
// default, and the current client with its legacy switch.
var clients = []apiClient{
	{"v1 SDK", "HMAC-SHA1", sendV1},
	{"current SDK", algorithmV3, func(t *testing.T, addr string, c apiCall) answer { return sendCurrent(t, addr, c, "") }},
	{"current SDK, SignatureAlgorithm v2", "HMAC-SHA1", func(t *testing.T, addr string, c apiCall) answer { return sendCurrent(t, addr, c, "v2") }},
}

// sendV1 sends c with the v1 SDK's CommonRequest, as the aliyun CLI does.
func sendV1(t *testing.T, addr string, c apiCall) answer {
	t.Helper()
	var cred auth.Credential = credentials.NewStaticAKCredentialsProvider(c.key.id, c.key.secret)
	if c.key.token != "" {
		cred = credentials.NewStaticSTSCredentialsProvider(c.key.id, c.key.secret, c.key.token)
	}
	client, err := sdk.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), cred)
	if err != nil {
		t.Fatal(err)
	}
	req := requests.NewCommonRequest()
	req.Method, req.Scheme, req.Domain = requests.POST, "http", addr
	req.Product, req.Version, req.ApiName = c.product.name, c.product.version, c.action
	for k, v := range c.query {
		req.QueryParams[k] = v
	}
	for k, v := range c.form {
		req.FormParams[k] = v
	}
	resp, err := client.ProcessCommonRequest(req)
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		return answer{status: se.HttpStatus(), code: se.ErrorCode()}
	}
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.GetHttpStatus(), body: body}
}

// sendCurrent sends c with darabonba-openapi's CallApi exactly as the
// generated product clients do (Style RPC, formData, json), pointed at the
// emulator by Endpoint and Protocol "http". algorithm "" is the default,
// ACS3-HMAC-SHA256; "v2" is the legacy switch.
func sendCurrent(t *testing.T, addr string, c apiCall, algorithm string) answer {
	t.Helper()
	config := &openapi.Config{
		AccessKeyId:     tea.String(c.key.id),
		AccessKeySecret: tea.String(c.key.secret),
		Endpoint:        tea.String(addr),
		Protocol:        tea.String("http"),
	}
	if c.key.token != "" {
		config.SecurityToken = tea.String(c.key.token)
	}
	if algorithm != "" {
		config.SignatureAlgorithm = tea.String(algorithm)
	}
	client, err := openapi.NewClient(config)
	if err != nil {
		t.Fatal(err)
	}
	req := &openapi.OpenApiRequest{Query: openapiutil.Query(c.query)}
	if c.form != nil {
		req.Body = c.form
	}
	params := &openapi.Params{
		Action: tea.String(c.action), Version: tea.String(c.product.version),
		Protocol: tea.String("HTTPS"), Pathname: tea.String("/"), Method: tea.String("POST"),
		AuthType: tea.String("AK"), Style: tea.String("RPC"), ReqBodyType: tea.String("formData"), BodyType: tea.String("json"),
	}
	res, err := client.CallApi(params, req, &dara.RuntimeOptions{})
	var se *tea.SDKError
	if errors.As(err, &se) {
		return answer{status: tea.IntValue(se.StatusCode), code: tea.StringValue(se.Code)}
	}
	if err != nil {
		t.Fatal(err)
	}
	body, _ := res["body"].(map[string]any)
	status, err := strconv.Atoi(fmt.Sprint(res["statusCode"]))
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: status, body: body}
}

const clientRole = "acs:ram::1234567890123456:role/pipeline"

// operationCalls call every operation the emulator serves, with the key
// field each answer must carry.
var operationCalls = []struct {
	call apiCall
	want string
}{
	{apiCall{product: cdnProduct, action: "RefreshObjectCaches", form: map[string]string{"ObjectPath": "http://example.com/a%20b.txt?x=*~", "ObjectType": "File"}}, "RefreshTaskId"},
	{apiCall{product: cdnProduct, action: "PushObjectCache", form: map[string]string{"ObjectPath": "example.com/push.txt"}}, "PushTaskId"},
	{apiCall{product: cdnProduct, action: "DescribeRefreshTasks", query: map[string]string{"ObjectType": "file", "PageSize": "20"}}, "Tasks"},
	{apiCall{product: cdnProduct, action: "DescribeRefreshTaskById", query: map[string]string{"TaskId": "17000000001"}}, "Tasks"},
	{apiCall{product: cdnProduct, action: "DescribeRefreshQuota"}, "UrlRemain"},

	{apiCall{product: dcdnProduct, action: "RefreshDcdnObjectCaches", query: map[string]string{"ObjectPath": "https://example.com/dir/", "ObjectType": "Directory"}}, "RefreshTaskId"},
	{apiCall{product: dcdnProduct, action: "RefreshErObjectCaches", query: map[string]string{"RoutineId": "edge.sub", "ObjectPath": "http://er.example.com/ü.png", "ObjectType": "File", "MergeDomainName": "b.example.com"}}, "RefreshTaskId"},
	{apiCall{product: dcdnProduct, action: "PreloadDcdnObjectCaches", query: map[string]string{"ObjectPath": "example.com/pre.txt"}}, "PreloadTaskId"},
	{apiCall{product: dcdnProduct, action: "DescribeDcdnRefreshTasks", query: map[string]string{"ObjectType": "file"}}, "Tasks"},
	{apiCall{product: dcdnProduct, action: "DescribeDcdnRefreshTaskById", query: map[string]string{"TaskId": "17000000001"}}, "Tasks"},
	{apiCall{product: dcdnProduct, action: "DescribeDcdnRefreshQuota"}, "UrlRemain"},

	{apiCall{product: vodProduct, action: "RefreshVodObjectCaches", query: map[string]string{"ObjectPath": "vod.example.com/v.mp4", "ObjectType": "File"}}, "RefreshTaskId"},
	{apiCall{product: vodProduct, action: "PreloadVodObjectCaches", query: map[string]string{"ObjectPath": "vod.example.com/p.mp4"}}, "PreloadTaskId"},
	{apiCall{product: vodProduct, action: "DescribeVodRefreshTasks", query: map[string]string{"ObjectType": "file"}}, "Tasks"},
	{apiCall{product: vodProduct, action: "DescribeVodRefreshQuota"}, "UrlRemain"},

	{apiCall{product: stsProduct, action: "AssumeRole", query: map[string]string{"RoleArn": clientRole, "RoleSessionName": "pipeline"}}, "Credentials"},
}

// refusalCalls are refused by authentication, or by an operation's own
// checks, with the status and code every client must see.
var refusalCalls = []struct {
	name   string
	call   apiCall
	status int
	code   string
}{
	{"wrong secret", apiCall{product: cdnProduct, action: "RefreshObjectCaches", form: map[string]string{"ObjectPath": "example.com/x"}, key: wrongKey}, 400, "SignatureDoesNotMatch"},
	{"unknown key", apiCall{product: dcdnProduct, action: "DescribeDcdnRefreshQuota", key: unknownKey}, 404, "InvalidAccessKeyId.NotFound"},
	{"STS token of another key", apiCall{product: vodProduct, action: "DescribeVodRefreshQuota", key: stolenKey}, 400, "InvalidSecurityToken.MismatchWithAccessKey"},
	{"STS key without its token", apiCall{product: cdnProduct, action: "DescribeRefreshQuota", key: bareSTSKey}, 400, "MissingSecurityToken"},
	{"unknown action", apiCall{product: cdnProduct, action: "DescribeRegions"}, 404, "InvalidAction.NotFound"},
	{"bad ObjectType", apiCall{product: vodProduct, action: "RefreshVodObjectCaches", query: map[string]string{"ObjectPath": "vod.example.com/x", "ObjectType": "Folder"}}, 400, "InvalidObjectType.ValueNotSupported"},
}

// TestClientsTable runs the same operations and refusals through the v1 SDK
// and Alibaba's current client, with either signature, over HTTP, and
// checks what each client saw and what the emulator logged: the operation,
// the signature it verified, the parameters where they were sent.
func TestClientsTable(t *testing.T) {
	for _, client := range clients {
		t.Run(client.name, func(t *testing.T) {
			v := newEnv(t, func(o *Options) { o.Roles = []Role{{ARN: clientRole}} })
			check := func(t *testing.T, c apiCall, got answer, status int, code string) {
				t.Helper()
				if got.status != status || got.code != code {
					t.Fatalf("got %d %q, want %d %q", got.status, got.code, status, code)
				}
				log := v.srv.Requests()
				last := log[len(log)-1]
				if last.Action != c.action || last.Signature != client.signature || last.HTTPStatus != status || last.Code != code {
					t.Fatalf("logged %+v", last)
				}
				for k, val := range c.query {
					if last.Params[k] != val {
						t.Fatalf("query %s: logged %q, sent %q", k, last.Params[k], val)
					}
				}
				for k, val := range c.form {
					if last.Params[k] != val {
						t.Fatalf("form %s: logged %q, sent %q", k, last.Params[k], val)
					}
				}
			}
			for _, op := range operationCalls {
				t.Run(op.call.action, func(t *testing.T) {
					v.clock.Advance(time.Second) // the look-ups allow 5 calls a second
					c := op.call
					c.key = goodKey
					got := client.send(t, v.srv.Addr(), c)
					check(t, c, got, http.StatusOK, "")
					if got.body["RequestId"] == "" || got.body[op.want] == nil {
						t.Fatalf("answer %v has no %s", got.body, op.want)
					}
				})
			}
			t.Run("STS token", func(t *testing.T) {
				c := apiCall{product: dcdnProduct, action: "RefreshDcdnObjectCaches", query: map[string]string{"ObjectPath": "example.com/sts.txt"}, key: stsKey}
				got := client.send(t, v.srv.Addr(), c)
				check(t, c, got, http.StatusOK, "")
				if v.srv.Requests()[len(v.srv.Requests())-1].Params["SecurityToken"] == stsToken {
					t.Fatal("the token logged in clear")
				}
			})
			for _, r := range refusalCalls {
				t.Run(r.name, func(t *testing.T) {
					v.clock.Advance(time.Second)
					c := r.call
					if c.key == (keyPair{}) {
						c.key = goodKey
					}
					before := len(v.srv.Tasks())
					check(t, c, client.send(t, v.srv.Addr(), c), r.status, r.code)
					if after := len(v.srv.Tasks()); after != before {
						t.Fatalf("a refused call made %d tasks", after-before)
					}
				})
			}
		})
	}
}
