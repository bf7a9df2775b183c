package alibaba

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// TestRepliesReadAsTheSDKReadsThem: Alibaba's answers give some numbers as
// strings and some IDs as numbers; both read the same, a task array may be
// nested or missing, and an answer that is not JSON is one that came and
// could not be read (so a refresh behind it may have been carried out).
func TestRepliesReadAsTheSDKReadsThem(t *testing.T) {
	rep, err := decodeReply([]byte(`{"RequestId":"r-1","RefreshTaskId":17150934,"TotalCount":"2",
		"Tasks":{"CDNTask":[{"TaskId":1,"ObjectPath":"http://example.com/a","Status":"Complete","Process":"100%"},{"TaskId":"2","Status":null}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.text("RefreshTaskId"); got != "17150934" {
		t.Errorf("RefreshTaskId %q", got)
	}
	if n, err := rep.count("TotalCount"); n != 2 || err != nil {
		t.Errorf("TotalCount %d, %v", n, err)
	}
	tasks, err := rep.tasks("Tasks.CDNTask")
	if err != nil || len(tasks) != 2 || tasks[0].ID != "1" || tasks[0].ObjectPath != "http://example.com/a" || tasks[1].ID != "2" || tasks[1].Status != "" {
		t.Errorf("tasks %+v, %v", tasks, err)
	}
	if tasks, err := rep.tasks("Tasks.Task"); tasks != nil || err != nil {
		t.Errorf("a missing array: %+v, %v", tasks, err)
	}
	if _, err := rep.count("RequestId"); err == nil {
		t.Error("a count that is not a number read without error")
	}

	_, err = decodeReply([]byte(`<html>gateway</html>`))
	var ce *sdkerrors.ClientError
	if !errors.As(err, &ce) || ce.ErrorCode() != sdkerrors.JsonUnmarshalErrorCode {
		t.Fatalf("err %v", err)
	}
	var te *TransportError
	if !errors.As(apiError("RefreshObjectCaches", err), &te) || te.Unsent {
		t.Fatalf("an unreadable answer is %T %v, want a TransportError that may have been sent", apiError("RefreshObjectCaches", err), apiError("RefreshObjectCaches", err))
	}
}

// TestEmptyAnswerIsNotSentAgain: a refresh answered 200 with no body was
// received, and may have been carried out; as with the SDK's typed calls
// it fails without a task ID, once, rather than being resent whenever the
// task list does not show it yet.
func TestEmptyAnswerIsNotSentAgain(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	refreshes := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("Action") == "RefreshObjectCaches" {
			if refreshes++; refreshes > 1 {
				cancel()
			}
			return // 200, empty
		}
		_, _ = w.Write([]byte(`{"RequestId":"r","TotalCount":0,"Tasks":{"CDNTask":[]}}`))
	}))
	defer srv.Close()
	var slept time.Duration
	c, err := NewClient(Config{AccessKey: "k", SecretKey: "s", Region: DefaultRegion, Protocol: "HTTP",
		Endpoints: Endpoints{CDN: strings.TrimPrefix(srv.URL, "http://")}}, WithClock(sleepCounter{&slept}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Refresh(ctx, refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a"}})
	if refreshes != 1 || err == nil || !strings.Contains(err.Error(), "without a RefreshTaskId") {
		t.Fatalf("sent %d times, err %v", refreshes, err)
	}
}

// TestEmptyQuotaCounterIsNotReported: a counter answered "" is one the
// service does not report (null), not 0: a split IgnoreParams refresh then
// counts against the URL quota instead of being refused for a quota of 0.
func TestEmptyQuotaCounterIsNotReported(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("Action") == "DescribeDcdnRefreshQuota" {
			_, _ = w.Write([]byte(`{"RequestId":"r","UrlQuota":"10000","UrlRemain":"9000","DirQuota":"100","DirRemain":"100","IgnoreParamsQuota":"","IgnoreParamsRemain":""}`))
			return
		}
		_, _ = w.Write([]byte(`{"RequestId":"r","RefreshTaskId":"1"}`))
	}))
	defer srv.Close()
	c, err := NewClient(Config{AccessKey: "k", SecretKey: "s", Region: DefaultRegion, Protocol: "HTTP",
		Endpoints: Endpoints{DCDN: strings.TrimPrefix(srv.URL, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := c.Quota(context.Background(), refresh.DCDN)
	if err != nil || q.IgnoreParamsQuota != nil || q.IgnoreParamsRemain != nil || q.URLRemain == nil || *q.URLRemain != 9000 {
		t.Fatalf("quota %+v, %v", q, err)
	}
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.IgnoreParams, Paths: []string{"example.com/a"}, Split: true}); err != nil {
		t.Fatalf("split IgnoreParams refresh: %v", err)
	}
}
