package alibaba

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

func changesClient(t *testing.T, opts emulator.Options) (*Client, *emulator.Server) {
	t.Helper()
	opts.Credentials = []emulator.Credential{{AccessKeyID: testKey, AccessKeySecret: testSecret}}
	srv, err := emulator.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := NewClient(Config{AccessKey: testKey, SecretKey: testSecret, Region: DefaultRegion, Protocol: requests.HTTP, Endpoints: Endpoints{CDN: srv.Addr()}})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// A change set stopped midway reports exactly the calls accepted before,
// and sends nothing after.
func TestRefreshEachReportsEachAcceptedCall(t *testing.T) {
	c, srv := changesClient(t, emulator.Options{Domains: []string{"mine.example.com"}})
	files := append(urls("mine.example.com", 1000), "theirs.example.com/b") // the second request is refused for good
	reqs := []refresh.Request{
		{Service: refresh.CDN, ObjectType: refresh.File, Paths: files, Split: true},
		{Service: refresh.CDN, ObjectType: refresh.Directory, Paths: []string{"mine.example.com/d/"}, Split: true},
	}
	var accepted [][]string
	err := c.RefreshEach(context.Background(), reqs, func(part refresh.Request, res Result) {
		if len(res.TaskIDs) == 0 {
			t.Errorf("accepted call without task IDs: %+v", res)
		}
		accepted = append(accepted, part.Paths)
	})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "InvalidDomain.NotFound" {
		t.Fatalf("want the second request's refusal, got %v", err)
	}
	if len(accepted) != 1 || !slices.Equal(accepted[0], files[:1000]) {
		t.Fatalf("accepted %d calls, want the first 1,000 paths only", len(accepted))
	}
	for _, r := range srv.Requests() {
		if r.Params["ObjectType"] == "Directory" {
			t.Fatalf("the directory refresh was sent after the failure")
		}
	}
}

// The quota of every split request is checked before anything is sent.
func TestRefreshEachChecksEveryQuotaFirst(t *testing.T) {
	c, srv := changesClient(t, emulator.Options{Quotas: []emulator.Quota{{Product: "cdn", Counter: "Dir", Daily: 1}}})
	reqs := []refresh.Request{
		{Service: refresh.CDN, ObjectType: refresh.File, Paths: urls("example.com", 3), Split: true},
		{Service: refresh.CDN, ObjectType: refresh.Directory, Paths: []string{"example.com/a/", "example.com/b/"}, Split: true},
	}
	err := c.RefreshEach(context.Background(), reqs, func(refresh.Request, Result) { t.Error("a call was accepted") })
	var short *refresh.QuotaShortError
	if !errors.As(err, &short) || short.ObjectType != refresh.Directory || short.Need != 2 {
		t.Fatalf("want the directory quota refusal, got %v", err)
	}
	if _, accepted := calls(srv, "RefreshObjectCaches"); accepted != 0 {
		t.Fatalf("%d refreshes accepted, want none", accepted)
	}
}
