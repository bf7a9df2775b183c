package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

// v3Request is a V3 request before it is signed: the SDK's own signer
// (openapiutil.GetAuthorization) signs it in send, so that a test can
// change it before or after signing.
type v3Request struct {
	method  string
	query   map[string]string
	body    string // a form
	headers map[string]string
	key     keyPair
	algo    string
	after   func(req *http.Request, body *string) // changes after signing
}

func newV3Request(action, version string) *v3Request {
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	return &v3Request{
		method: http.MethodPost,
		query:  map[string]string{},
		headers: map[string]string{
			headerAction:  action,
			headerVersion: version,
			headerDate:    time.Now().UTC().Format("2006-01-02T15:04:05Z"),
			headerNonce:   hex.EncodeToString(nonce),
		},
		key:  goodKey,
		algo: algorithmV3,
	}
}

func (v *env) sendV3(r *v3Request) (int, map[string]any) {
	v.t.Helper()
	dr := dara.NewRequest()
	dr.Method, dr.Pathname = tea.String(r.method), tea.String("/")
	for k, val := range r.query {
		dr.Query[k] = tea.String(val)
	}
	dr.Headers["host"] = tea.String(v.srv.Addr())
	for k, val := range r.headers {
		dr.Headers[k] = tea.String(val)
	}
	if r.body != "" {
		dr.Headers["content-type"] = tea.String("application/x-www-form-urlencoded")
	}
	if _, ok := r.headers[headerContent]; !ok {
		dr.Headers[headerContent] = tea.String(hashHex([]byte(r.body)))
	}
	if r.key.token != "" {
		dr.Headers[headerToken] = tea.String(r.key.token)
	}
	auth := openapiutil.GetAuthorization(dr, tea.String(algorithmV3), dr.Headers[headerContent], tea.String(r.key.id), tea.String(r.key.secret))
	values := url.Values{}
	for k, val := range r.query {
		values.Set(k, val)
	}
	body := r.body
	req, err := http.NewRequest(r.method, v.srv.URL()+"/?"+values.Encode(), nil)
	if err != nil {
		v.t.Fatal(err)
	}
	for k, val := range dr.Headers {
		if k != "host" && *val != "" {
			req.Header.Set(k, *val)
		}
	}
	req.Header.Set("Authorization", strings.Replace(*auth, algorithmV3, r.algo, 1))
	if r.after != nil {
		r.after(req, &body)
	}
	req.Body = io.NopCloser(strings.NewReader(body))
	req.ContentLength = int64(len(body))
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

// TestV3Checks signs requests with the SDK's signer and changes them, before
// or after signing, the ways a broken client or a replay would.
func TestV3Checks(t *testing.T) {
	v := newEnv(t)
	refresh := func() *v3Request {
		r := newV3Request("RefreshObjectCaches", cdnProduct.version)
		r.body = url.Values{"ObjectPath": {"http://example.com/a%20b.txt"}, "ObjectType": {"File"}}.Encode()
		return r
	}
	for _, c := range []struct {
		name   string
		edit   func(r *v3Request)
		status int
		code   string
	}{
		{"form body", func(*v3Request) {}, 200, ""},
		{"query with characters to encode, by GET", func(r *v3Request) {
			r.method, r.body = http.MethodGet, ""
			r.query = map[string]string{"ObjectPath": "http://example.com/x%20y*~ü.txt", "ObjectType": "File", "Empty": "", "Note": "x y*~ü/+&="}
		}, 200, ""},
		{"STS token in x-acs-security-token", func(r *v3Request) { r.key = stsKey }, 200, ""},
		{"STS token of another key", func(r *v3Request) { r.key = stolenKey }, 400, "InvalidSecurityToken.MismatchWithAccessKey"},
		{"STS key without its token", func(r *v3Request) { r.key = bareSTSKey }, 400, "MissingSecurityToken"},
		{"wrong secret", func(r *v3Request) { r.key = wrongKey }, 400, "SignatureDoesNotMatch"},
		{"unknown key", func(r *v3Request) { r.key = unknownKey }, 404, "InvalidAccessKeyId.NotFound"},
		{"body changed after signing", func(r *v3Request) {
			r.after = func(_ *http.Request, body *string) { *body = strings.Replace(*body, "a%2520b", "c", 1) }
		}, 400, "SignatureDoesNotMatch"},
		{"body and its hash changed after signing", func(r *v3Request) {
			r.after = func(req *http.Request, body *string) {
				*body = strings.Replace(*body, "a%2520b", "c", 1)
				req.Header.Set(headerContent, hashHex([]byte(*body)))
			}
		}, 400, "SignatureDoesNotMatch"},
		{"query added after signing", func(r *v3Request) {
			r.after = func(req *http.Request, _ *string) { req.URL.RawQuery = "Force=true" }
		}, 400, "SignatureDoesNotMatch"},
		{"action changed after signing", func(r *v3Request) {
			r.after = func(req *http.Request, _ *string) { req.Header.Set(headerAction, "PushObjectCache") }
		}, 400, "SignatureDoesNotMatch"},
		{"date 16 minutes old", func(r *v3Request) {
			r.headers[headerDate] = time.Now().Add(-16 * time.Minute).UTC().Format(time.RFC3339)
		}, 400, "InvalidTimeStamp.Expired"},
		{"date 14 minutes ahead", func(r *v3Request) {
			r.headers[headerDate] = time.Now().Add(14 * time.Minute).UTC().Format(time.RFC3339)
		}, 200, ""},
		{"date malformed", func(r *v3Request) { r.headers[headerDate] = "Sat, 28 Nov 2026 17:00:00 GMT" }, 400, "InvalidTimeStamp.Format"},
		{"no x-acs-date", func(r *v3Request) { delete(r.headers, headerDate) }, 400, "IncompleteSignature"},
		{"no nonce", func(r *v3Request) { delete(r.headers, headerNonce) }, 400, "IncompleteSignature"},
		{"no x-acs-content-sha256", func(r *v3Request) { r.headers[headerContent] = "" }, 400, "IncompleteSignature"},
		{"an x-acs header not signed", func(r *v3Request) {
			r.after = func(req *http.Request, _ *string) { req.Header.Set("x-acs-extra", "1") }
		}, 400, "IncompleteSignature"},
		{"no Authorization", func(r *v3Request) {
			r.after = func(req *http.Request, _ *string) { req.Header.Del("Authorization") }
		}, 400, "IncompleteSignature"},
		{"another algorithm", func(r *v3Request) { r.algo = "ACS3-HMAC-SM3" }, 400, "IncompleteSignature"},
		{"no x-acs-action", func(r *v3Request) { delete(r.headers, headerAction) }, 400, "MissingAction"},
		{"no x-acs-version", func(r *v3Request) { delete(r.headers, headerVersion) }, 400, "MissingVersion"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v.clock.Advance(time.Second)
			r := refresh()
			c.edit(r)
			status, body := v.sendV3(r)
			if status != c.status || c.code != "" && body["Code"] != c.code {
				t.Fatalf("got %d %v", status, body)
			}
			if c.code != "" && (body["RequestId"] == "" || body["Message"] == "" || body["HostId"] == "") {
				t.Fatalf("incomplete error body %v", body)
			}
		})
	}
}

// TestV3NonceReplay sends one signed V3 request twice; its nonce is then
// spent for v1 too, as the gateway keeps one cache per key.
func TestV3NonceReplay(t *testing.T) {
	v := newEnv(t)
	r := newV3Request("DescribeRefreshQuota", cdnProduct.version)
	if status, body := v.sendV3(r); status != 200 {
		t.Fatalf("first: %d %v", status, body)
	}
	status, body := v.sendV3(r)
	if status != 400 || body["Code"] != "SignatureNonceUsed" {
		t.Fatalf("replay: %d %v", status, body)
	}
	p := signed(cdnProduct, "DescribeRefreshQuota", map[string]string{"SignatureNonce": r.headers[headerNonce]})
	if status, body := v.send(http.MethodGet, p, testSecret, false); status != 400 || body["Code"] != "SignatureNonceUsed" {
		t.Fatalf("v1 with the V3 nonce: %d %v", status, body)
	}
	if n := len(v.srv.Accepted("DescribeRefreshQuota")); n != 1 {
		t.Fatalf("accepted %d", n)
	}
}

// TestV3SignatureMismatchMessage: a wrong secret is answered as under v1,
// with the server's string to sign after the marker clients look for.
func TestV3SignatureMismatchMessage(t *testing.T) {
	v := newEnv(t)
	r := newV3Request("DescribeRefreshQuota", cdnProduct.version)
	r.key = wrongKey
	_, body := v.sendV3(r)
	msg, _ := body["Message"].(string)
	_, sts, ok := strings.Cut(msg, "server string to sign is:")
	if !ok || !strings.HasPrefix(sts, algorithmV3+"\n") || len(sts) != len(algorithmV3)+1+64 {
		t.Fatalf("message %q", msg)
	}
}

// TestCanonicalQueryV3 pins the encoding against the SDK's own.
func TestCanonicalQueryV3(t *testing.T) {
	q := url.Values{"B": {"x y*~/ü+"}, "A": {""}, "a": {"1"}}
	got := canonicalQueryV3(q)
	const want = "A=&B=x%20y%2A~%2F%C3%BC%2B&a=1"
	if got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

// TestOversizedBody: the body is read whole to be hashed, up to 10 MB.
func TestOversizedBody(t *testing.T) {
	v := newEnv(t)
	body := "ObjectPath=" + strings.Repeat("a", maxBody)
	resp, err := http.Post(v.srv.URL()+"/", "application/x-www-form-urlencoded", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := v.srv.Requests(); resp.StatusCode != http.StatusBadRequest || got[len(got)-1].Code != "InvalidParameter" {
		t.Fatalf("%d %+v", resp.StatusCode, got[len(got)-1].Code)
	}
}
