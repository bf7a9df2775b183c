package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
)

// TestPublishedSignatureExample reproduces the example of Alibaba's
// signature v1 documentation (DescribeRegions, secret "testsecret").
func TestPublishedSignatureExample(t *testing.T) {
	params := map[string]string{
		"AccessKeyId":      "testid",
		"Action":           "DescribeRegions",
		"Format":           "XML",
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureNonce":   "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
		"SignatureVersion": "1.0",
		"Timestamp":        "2016-02-23T12:46:24Z",
		"Version":          "2014-05-26",
		"Signature":        "ignored: never part of the string-to-sign",
	}
	const wantSTS = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML" +
		"%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
		"%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
	sts := stringToSign("GET", params)
	if sts != wantSTS {
		t.Fatalf("string-to-sign\n got %s\nwant %s", sts, wantSTS)
	}
	if got, want := sign(sts, "testsecret"), "OLeaidS1JvxuMvnyHOwuJ+uX5qY="; got != want {
		t.Fatalf("signature = %s, want %s", got, want)
	}
}

func TestPercentEncode(t *testing.T) {
	for in, want := range map[string]string{
		"a b":       "a%20b",
		"a*b":       "a%2Ab",
		"a~b":       "a~b",
		"a+b":       "a%2Bb",
		"a/b\nc":    "a%2Fb%0Ac",
		"AZaz09-_.": "AZaz09-_.",
		"é":         "%C3%A9",
	} {
		if got := percentEncode(in); got != want {
			t.Errorf("percentEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSDKSignaturesVerify sends what the SDK signs, with awkward characters,
// by GET and by POST with a form body.
func TestSDKSignaturesVerify(t *testing.T) {
	v := newEnv(t)
	paths := []string{"http://example.com/a%20b.txt?x=1&y=*~", "http://example.com/ü.png"}
	for _, method := range []string{requests.GET, requests.POST} {
		req := cdn.CreatePushObjectCacheRequest()
		v.at(req)
		req.Method = method
		req.ObjectPath = strings.Join(paths, "\n")
		req.WithHeader = `{"Accept-Language": "en US", "X-Star": "*"}` // a space and a star to encode
		if _, err := v.cdn.PushObjectCache(req); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
	}
	// A form body, as DCDN documents it: ObjectPath travels in the body and
	// is signed with the query.
	req := cdn.CreateRefreshObjectCachesRequest()
	v.at(req)
	req.FormParams["ObjectPath"] = "http://example.com/form.txt"
	resp := must(v.cdn.RefreshObjectCaches(req))
	if resp.RefreshTaskId == "" {
		t.Fatal("no task ID")
	}
	got := v.srv.Accepted("RefreshObjectCaches")
	if len(got) != 1 || got[0].Method != http.MethodPost || got[0].Params["ObjectPath"] != "http://example.com/form.txt" {
		t.Fatalf("logged %+v", got)
	}
	if tasks := v.srv.Tasks(); tasks[len(tasks)-1].ObjectPath != "http://example.com/form.txt" {
		t.Fatalf("tasks %+v", tasks)
	}
}

// TestRawFormAndGET sends hand-signed requests, one in a form body, one in
// the query of a GET.
func TestRawFormAndGET(t *testing.T) {
	v := newEnv(t)
	for _, c := range []struct {
		method string
		form   bool
	}{{http.MethodPost, true}, {http.MethodGet, false}, {http.MethodPost, false}} {
		p := signed(cdnProduct, "RefreshObjectCaches", map[string]string{"ObjectPath": "example.com/raw.txt"})
		status, body := v.send(c.method, p, testSecret, c.form)
		if status != http.StatusOK || body["RefreshTaskId"] == "" {
			t.Fatalf("%s form=%v: %d %v", c.method, c.form, status, body)
		}
	}
	if n := len(v.srv.Accepted("RefreshObjectCaches")); n != 3 {
		t.Fatalf("accepted %d", n)
	}
}

func TestTimestampWindow(t *testing.T) {
	v := newEnv(t)
	for _, c := range []struct {
		name   string
		ts     string
		status int
		code   string
	}{
		{"stale", time.Now().Add(-16 * time.Minute).UTC().Format(time.RFC3339), 400, "InvalidTimeStamp.Expired"},
		{"future", time.Now().Add(16 * time.Minute).UTC().Format(time.RFC3339), 400, "InvalidTimeStamp.Expired"},
		{"malformed", "2025-03-01 10:00:00", 400, "InvalidTimeStamp.Format"},
		{"14 minutes old", time.Now().Add(-14 * time.Minute).UTC().Format(time.RFC3339), 200, ""},
		{"14 minutes ahead", time.Now().Add(14 * time.Minute).UTC().Format(time.RFC3339), 200, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := signed(cdnProduct, "DescribeRefreshQuota", map[string]string{"Timestamp": c.ts})
			status, body := v.send(http.MethodGet, p, testSecret, false)
			if status != c.status || c.code != "" && body["Code"] != c.code {
				t.Fatalf("got %d %v", status, body)
			}
		})
	}
}

func TestNonceReplay(t *testing.T) {
	v := newEnv(t)
	p := signed(cdnProduct, "DescribeRefreshQuota", nil)
	first := map[string]string{}
	for k, val := range p {
		first[k] = val
	}
	if status, body := v.send(http.MethodPost, first, testSecret, false); status != 200 {
		t.Fatalf("first: %d %v", status, body)
	}
	// The very same signed request again.
	status, body := v.send(http.MethodPost, p, testSecret, false)
	if status != 400 || body["Code"] != "SignatureNonceUsed" {
		t.Fatalf("replay: %d %v", status, body)
	}
	// The nonce is per key pair: STS's key may use it.
	sts := signed(cdnProduct, "DescribeRefreshQuota", map[string]string{
		"AccessKeyId": stsID, "SecurityToken": stsToken, "SignatureNonce": p["SignatureNonce"],
	})
	if status, body := v.send(http.MethodPost, sts, stsSecret, false); status != 200 {
		t.Fatalf("other key: %d %v", status, body)
	}
}

func TestAuthErrors(t *testing.T) {
	v := newEnv(t)
	drop := func(k string) func(map[string]string) { return func(p map[string]string) { delete(p, k) } }
	set := func(k, val string) func(map[string]string) { return func(p map[string]string) { p[k] = val } }
	for _, c := range []struct {
		name   string
		edit   func(map[string]string)
		status int
		code   string
	}{
		{"missing Action", drop("Action"), 400, "MissingAction"},
		{"missing Version", drop("Version"), 400, "MissingVersion"},
		{"bad Version", set("Version", "2014-05-26"), 400, "InvalidVersion"},
		{"unknown Action", set("Action", "DescribeRegions"), 404, "InvalidAction.NotFound"},
		{"action of another product", set("Action", "RefreshVodObjectCaches"), 404, "InvalidAction.NotFound"},
		{"missing AccessKeyId", drop("AccessKeyId"), 400, "MissingAccessKeyId"},
		{"missing Signature", set("Signature", ""), 400, "MissingSignature"},
		{"missing SignatureNonce", drop("SignatureNonce"), 400, "MissingSignatureNonce"},
		{"missing Timestamp", drop("Timestamp"), 400, "MissingTimestamp"},
		{"missing SignatureMethod", drop("SignatureMethod"), 400, "MissingSignatureMethod"},
		{"missing SignatureVersion", drop("SignatureVersion"), 400, "MissingSignatureVersion"},
		{"unknown key", set("AccessKeyId", "nobody"), 404, "InvalidAccessKeyId.NotFound"},
		{"HMAC-SHA256", set("SignatureMethod", "HMAC-SHA256"), 400, "InvalidParameter"},
		{"version 2.0", set("SignatureVersion", "2.0"), 400, "InvalidParameter"},
		{"tampered signature", set("Signature", "AAAA"), 400, "SignatureDoesNotMatch"},
		{"STS without token", set("AccessKeyId", stsID), 400, "MissingSecurityToken"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := signed(cdnProduct, "DescribeRefreshQuota", nil)
			c.edit(p)
			secret := testSecret
			if p["AccessKeyId"] == stsID {
				secret = stsSecret
			}
			status, body := v.send(http.MethodGet, p, secret, false)
			if status != c.status || body["Code"] != c.code {
				t.Fatalf("got %d %v", status, body)
			}
			if body["RequestId"] == "" || body["Message"] == "" || body["HostId"] == "" {
				t.Fatalf("incomplete error body %v", body)
			}
		})
	}
	// Only GET and POST on / speak the API.
	req, _ := http.NewRequest(http.MethodPut, v.srv.URL()+"/", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("PUT: %d", resp.StatusCode)
	}
	// A form body that does not parse.
	resp, err = http.Post(v.srv.URL()+"/", "application/x-www-form-urlencoded", strings.NewReader("ObjectPath=%zz"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := v.srv.Requests(); resp.StatusCode != http.StatusBadRequest || got[len(got)-1].Code != "InvalidParameter" {
		t.Fatalf("bad form: %d %+v", resp.StatusCode, got[len(got)-1])
	}
}

func TestSDKAuthentication(t *testing.T) {
	v := newEnv(t)
	quota := func(c *cdn.Client) error {
		req := cdn.CreateDescribeRefreshQuotaRequest()
		v.at(req)
		_, err := c.DescribeRefreshQuota(req)
		return err
	}
	client := func(id, secret, token string) *cdn.Client {
		if token == "" {
			return must(cdn.NewClientWithAccessKey("cn-hangzhou", id, secret))
		}
		return must(cdn.NewClientWithStsToken("cn-hangzhou", id, secret, token))
	}

	if err := quota(client(testID, testSecret, "")); err != nil {
		t.Fatal(err)
	}
	wantError(t, quota(client("unknown", testSecret, "")), 404, "InvalidAccessKeyId.NotFound")

	// A wrong secret: the SDK finds the server's string-to-sign equal to its
	// own, which proves the format, and blames the secret.
	se := wantServerError(t, quota(client(testID, "wrong", "")), 400, "SignatureDoesNotMatch")
	if se.Recommend() != "InvalidAccessKeySecret: Please check you AccessKeySecret" {
		t.Fatalf("Recommend = %q (message %q)", se.Recommend(), se.Message())
	}

	if err := quota(client(stsID, stsSecret, stsToken)); err != nil {
		t.Fatal(err)
	}
	wantError(t, quota(client(stsID, stsSecret, "stolen")), 400, "InvalidSecurityToken.MismatchWithAccessKey")
}
