package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

const (
	testID     = "LTAI-test-id"
	testSecret = "test-secret"
	stsID      = "STS.test-id"
	stsSecret  = "sts-secret"
	stsToken   = "sts-token"
)

// t0 is where test clocks start: any time works, since signatures are
// checked against real time and everything else against the test clock.
var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// env is an emulator on a manual clock with SDK clients pointed at it.
type env struct {
	t     *testing.T
	srv   *Server
	clock *ManualClock
	cdn   *cdn.Client
	dcdn  *dcdn.Client
	vod   *vod.Client
}

func newEnv(t *testing.T, configure ...func(*Options)) *env {
	t.Helper()
	clock := NewManualClock(t0)
	opts := Options{
		Credentials: []Credential{
			{AccessKeyID: testID, AccessKeySecret: testSecret},
			{AccessKeyID: stsID, AccessKeySecret: stsSecret, SecurityToken: stsToken},
		},
		Clock: clock,
	}
	for _, c := range configure {
		c(&opts)
	}
	srv, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	v := &env{t: t, srv: srv, clock: clock}
	if v.cdn, err = cdn.NewClientWithAccessKey("cn-hangzhou", testID, testSecret); err != nil {
		t.Fatal(err)
	}
	if v.dcdn, err = dcdn.NewClientWithAccessKey("cn-hangzhou", testID, testSecret); err != nil {
		t.Fatal(err)
	}
	if v.vod, err = vod.NewClientWithAccessKey("cn-shanghai", testID, testSecret); err != nil {
		t.Fatal(err)
	}
	return v
}

// at points an SDK request at the emulator.
func (v *env) at(req requests.AcsRequest) {
	req.SetDomain(v.srv.Addr())
	req.SetScheme("http")
}

func (v *env) refreshCDN(typ string, paths ...string) (*cdn.RefreshObjectCachesResponse, error) {
	req := cdn.CreateRefreshObjectCachesRequest()
	v.at(req)
	req.ObjectType = typ
	req.ObjectPath = strings.Join(paths, "\n")
	return v.cdn.RefreshObjectCaches(req)
}

func (v *env) refreshDCDN(typ string, paths ...string) (*dcdn.RefreshDcdnObjectCachesResponse, error) {
	req := dcdn.CreateRefreshDcdnObjectCachesRequest()
	v.at(req)
	req.ObjectType = typ
	req.ObjectPath = strings.Join(paths, "\n")
	return v.dcdn.RefreshDcdnObjectCaches(req)
}

func (v *env) refreshER(typ, routine, merge string, paths ...string) (*dcdn.RefreshErObjectCachesResponse, error) {
	req := dcdn.CreateRefreshErObjectCachesRequest()
	v.at(req)
	req.ObjectType = typ
	req.RoutineId = routine
	req.MergeDomainName = merge
	req.ObjectPath = strings.Join(paths, "\n")
	return v.dcdn.RefreshErObjectCaches(req)
}

func (v *env) refreshVOD(typ string, paths ...string) (*vod.RefreshVodObjectCachesResponse, error) {
	req := vod.CreateRefreshVodObjectCachesRequest()
	v.at(req)
	req.ObjectType = typ
	req.ObjectPath = strings.Join(paths, "\n")
	return v.vod.RefreshVodObjectCaches(req)
}

func (v *env) cdnTasksByID(ids string) *cdn.DescribeRefreshTaskByIdResponse {
	v.t.Helper()
	req := cdn.CreateDescribeRefreshTaskByIdRequest()
	v.at(req)
	req.TaskId = ids
	resp, err := v.cdn.DescribeRefreshTaskById(req)
	if err != nil {
		v.t.Fatal(err)
	}
	return resp
}

func (v *env) cdnQuota() *cdn.DescribeRefreshQuotaResponse {
	v.t.Helper()
	req := cdn.CreateDescribeRefreshQuotaRequest()
	v.at(req)
	resp, err := v.cdn.DescribeRefreshQuota(req)
	if err != nil {
		v.t.Fatal(err)
	}
	return resp
}

// must returns resp, panicking (and so failing the test) on err.
func must[T any](resp T, err error) T {
	if err != nil {
		panic(err)
	}
	return resp
}

// wantError checks that err is the server error status/code.
func wantError(t *testing.T, err error, status int, code string) {
	t.Helper()
	_ = wantServerError(t, err, status, code)
}

// wantServerError checks that err is the server error status/code and
// returns it, for a closer look at its message.
func wantServerError(t *testing.T, err error, status int, code string) *sdkerrors.ServerError {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want %d %s, got %v", status, code, err)
	}
	if se.HttpStatus() != status || se.ErrorCode() != code {
		t.Fatalf("want %d %s, got %d %s: %s", status, code, se.HttpStatus(), se.ErrorCode(), se.Message())
	}
	return se
}

// urls returns n distinct file URLs on domain.
func urls(domain string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("http://%s/f/%d.txt", domain, i)
	}
	return out
}

// signed returns the common parameters of a request for action (Version
// from the product), signed by the test key pair later in send.
func signed(p *product, action string, extra map[string]string) map[string]string {
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	params := map[string]string{
		"Action":           action,
		"Version":          p.version,
		"Format":           "JSON",
		"AccessKeyId":      testID,
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureVersion": "1.0",
		"SignatureNonce":   hex.EncodeToString(nonce),
		"Timestamp":        time.Now().UTC().Format("2006-01-02T15:04:05Z"),
	}
	for k, v := range extra {
		params[k] = v
	}
	return params
}

// send signs params with secret (unless they carry a Signature) and sends
// them raw, in the query string, or in a form body when form is set. It
// returns the status and the decoded JSON answer.
func (v *env) send(method string, params map[string]string, secret string, form bool) (int, map[string]any) {
	v.t.Helper()
	if _, ok := params["Signature"]; !ok {
		params["Signature"] = sign(stringToSign(method, params), secret)
	}
	values := url.Values{}
	for k, val := range params {
		values.Set(k, val)
	}
	target := v.srv.URL() + "/"
	var body io.Reader
	if form {
		body = strings.NewReader(values.Encode())
	} else {
		target += "?" + values.Encode()
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		v.t.Fatal(err)
	}
	if form {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		v.t.Fatal(err)
	}
	return resp.StatusCode, out
}
