package emulator

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
)

func TestRequestLog(t *testing.T) {
	var lines bytes.Buffer
	v := newEnv(t, func(o *Options) { o.Logger = &lines })
	sts := must(cdn.NewClientWithStsToken("cn-hangzhou", stsID, stsSecret, stsToken))
	req := cdn.CreateRefreshObjectCachesRequest()
	v.at(req)
	req.ObjectPath = "http://example.com/a\nhttp://example.com/b"
	must(sts.RefreshObjectCaches(req))
	wantError(t, second(v.refreshCDN("Nope", "http://example.com/c")), 400, "InvalidObjectType.Malformed")
	v.send(http.MethodGet, signed(vodProduct, "DescribeNothing", nil), testSecret, false)

	log := v.srv.Requests()
	if len(log) != 3 {
		t.Fatalf("%d requests", len(log))
	}
	first := log[0]
	if first.Seq != 1 || log[1].Seq != 2 || !first.Time.Equal(t0) || first.Method != http.MethodPost ||
		first.Product != "cdn" || first.Action != "RefreshObjectCaches" || first.HTTPStatus != 200 || first.Code != "" {
		t.Fatalf("first %+v", first)
	}
	p := first.Params
	if p["Signature"] != "REDACTED" || p["SecurityToken"] != "REDACTED" || p["AccessKeyId"] != stsID ||
		p["ObjectPath"] != "http://example.com/a\nhttp://example.com/b" || p["Version"] != "2018-05-10" {
		t.Fatalf("params %v", p)
	}
	if log[1].Code != "InvalidObjectType.Malformed" || log[1].Accepted() || log[1].Params["ObjectType"] != "Nope" {
		t.Fatalf("second %+v", log[1])
	}
	if log[2].Product != "vod" || log[2].Code != "InvalidAction.NotFound" || log[2].HTTPStatus != 404 {
		t.Fatalf("third %+v", log[2])
	}
	if got := v.srv.Accepted("RefreshObjectCaches"); len(got) != 1 || got[0].Seq != 1 {
		t.Fatalf("Accepted %+v", got)
	}
	// Copies: changing them changes nothing.
	log[0].Params["ObjectPath"] = "changed"
	if v.srv.Requests()[0].Params["ObjectPath"] == "changed" {
		t.Fatal("Requests shares its maps")
	}

	want := []string{
		"2025-03-01T10:00:00Z RefreshObjectCaches 200 OK paths=2",
		"2025-03-01T10:00:00Z RefreshObjectCaches 400 InvalidObjectType.Malformed paths=1",
		"2025-03-01T10:00:00Z DescribeNothing 404 InvalidAction.NotFound paths=0",
	}
	if got := strings.Split(strings.TrimSpace(lines.String()), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("log lines:\n%s", lines.String())
	}
	for _, secret := range []string{stsSecret, stsToken, testSecret} {
		if strings.Contains(lines.String(), secret) {
			t.Fatalf("a secret in the log lines: %s", lines.String())
		}
	}

	v.srv.ResetRequests()
	if n := len(v.srv.Requests()); n != 0 {
		t.Fatalf("%d requests after reset", n)
	}
	must(v.refreshCDN("", "http://example.com/d"))
	if got := v.srv.Requests(); len(got) != 1 || got[0].Seq != 4 {
		t.Fatalf("after reset %+v", got)
	}
}
